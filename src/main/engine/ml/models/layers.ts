import { AppError } from '../../../../shared/errors.ts';
import { tf, tfl } from '../tfjs.ts';
import { FusedBatchNorm } from './batch-norm.ts';
import { dropoutMaskTensor } from './dropout-mask.ts';
import { SequenceGRU, SequenceLSTM } from './sequence-recurrent.ts';

type Sym = tfl.SymbolicTensor;

/** Keeps each dropout mask different per step yet reproducible from the run seed. */
export class SeededDropout extends tfl.layers.Layer {
  static readonly className = 'SeededDropout';
  private readonly rate: number;
  private readonly baseSeed: number;
  private calls = 0;

  constructor(args: { rate: number; seed: number; name: string }) {
    super({ name: args.name });
    this.rate = args.rate;
    this.baseSeed = args.seed;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs['training'] !== true || this.rate === 0) return tf.clone(x);
    // A fixed seed alone would repeat the same mask at every step.
    this.calls += 1;
    // The mask is a constant, so the gradient of this product is dy · mask.
    return tf.mul(x, dropoutMaskTensor(x.shape, this.rate, SeededDropout.maskSeed(this.baseSeed, this.calls)));
  }

  /** The seed of the mask drawn at the given call (1-based) of a layer built with baseSeed. */
  static maskSeed(baseSeed: number, call: number): number {
    return (baseSeed * 7919 + call) % 2147483647;
  }

  /** Masks drawn so far; a resumed run sets it back to where the checkpoint left it. */
  get drawnMasks(): number {
    return this.calls;
  }

  set drawnMasks(n: number) {
    this.calls = n;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.baseSeed };
  }
}
tf.serialization.registerClass(SeededDropout);

/** How many masks each dropout layer of the model has drawn, in layer order. */
export function dropoutPositions(model: tfl.LayersModel): number[] {
  return model.layers.filter((l): l is SeededDropout => l instanceof SeededDropout).map((l) => l.drawnMasks);
}

/** Puts each dropout layer back at a position dropoutPositions read, so the next masks continue the run. */
export function restoreDropoutPositions(model: tfl.LayersModel, positions: readonly number[]): void {
  const layers = model.layers.filter((l): l is SeededDropout => l instanceof SeededDropout);
  if (layers.length !== positions.length) throw new AppError('BAD_FILE', `checkpoint holds ${positions.length} dropout positions, the model has ${layers.length} dropout layers`);
  layers.forEach((l, k) => (l.drawnMasks = positions[k]!));
}

/** Zero padding on both ends of the time axis of [n, L, C] (Keras has no 1-D variant in TF.js). */
class ZeroPad1D extends tfl.layers.Layer {
  static readonly className = 'ZeroPad1D';
  private readonly pad: number;

  constructor(args: { pad: number; name: string }) {
    super({ name: args.name });
    this.pad = args.pad;
  }

  override computeOutputShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as tfl.Shape;
    return [s[0]!, s[1] == null ? null : s[1] + 2 * this.pad, s[2]!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.pad(x, [[0, 0], [this.pad, this.pad], [0, 0]]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pad: this.pad };
  }
}
tf.serialization.registerClass(ZeroPad1D);

/**
 * Creates named layers whose initialisers draw from one seeded sequence, so a model
 * built twice from the same spec and seed has identical weights.
 */
export class LayerMaker {
  private next: number;

  constructor(seed: number) {
    this.next = Math.abs(Math.floor(seed)) * 1000 + 1;
  }

  private seed(): number {
    this.next += 1;
    return this.next;
  }

  private glorot(): ReturnType<typeof tfl.initializers.glorotUniform> {
    return tfl.initializers.glorotUniform({ seed: this.seed() });
  }

  private heNormal(): ReturnType<typeof tfl.initializers.heNormal> {
    return tfl.initializers.heNormal({ seed: this.seed() });
  }

  /**
   * 1-D convolution padded like PyTorch's padding=k//2 (symmetric), so strided outputs align
   * with the reference models; TF's 'same' would pad only on the right for stride 2.
   */
  conv1d(x: Sym, name: string, a: { filters: number; kernel: number; stride?: number; bias?: boolean; activation?: 'relu' | 'linear' }): Sym {
    const stride = a.stride ?? 1;
    const pad = Math.floor(a.kernel / 2);
    const input = stride > 1 && pad > 0 ? (new ZeroPad1D({ name: `${name}_pad`, pad }).apply(x) as Sym) : x;
    return tfl.layers
      .conv1d({
        name,
        filters: a.filters,
        kernelSize: a.kernel,
        strides: stride,
        padding: stride > 1 ? 'valid' : 'same',
        useBias: a.bias ?? true,
        activation: a.activation ?? 'linear',
        kernelInitializer: this.heNormal(),
      })
      .apply(input) as Sym;
  }

  conv2d(x: Sym, name: string, a: { filters: number; kernel: [number, number]; activation?: 'relu' | 'linear'; padding?: 'valid' | 'same' }): Sym {
    return tfl.layers
      .conv2d({
        name,
        filters: a.filters,
        kernelSize: a.kernel,
        padding: a.padding ?? 'valid',
        activation: a.activation ?? 'linear',
        kernelInitializer: this.glorot(),
      })
      .apply(x) as Sym;
  }

  dense(x: Sym, name: string, units: number, activation: 'relu' | 'linear' | 'softmax' = 'linear'): Sym {
    const init = activation === 'relu' ? this.heNormal() : this.glorot();
    return tfl.layers.dense({ name, units, activation, kernelInitializer: init }).apply(x) as Sym;
  }

  batchNorm(x: Sym, name: string): Sym {
    return new FusedBatchNorm({ name, momentum: 0.9, epsilon: 1e-5 }).apply(x) as Sym;
  }

  relu(x: Sym, name: string): Sym {
    return tfl.layers.activation({ name, activation: 'relu' }).apply(x) as Sym;
  }

  dropout(x: Sym, name: string, rate: number): Sym {
    return new SeededDropout({ name, rate, seed: this.seed() }).apply(x) as Sym;
  }

  /** LSTM/GRU; recurrent kernels use seeded Glorot init (orthogonal needs chained ops the Node build lacks). */
  recurrent(x: Sym, name: string, kind: 'lstm' | 'gru', units: number, returnSequences: boolean): Sym {
    const args = {
      name,
      units,
      returnSequences,
      kernelInitializer: this.glorot(),
      recurrentInitializer: this.glorot(),
      // sigmoid gates as in PyTorch/ONNX, not the Keras hard-sigmoid default
      recurrentActivation: 'sigmoid' as const,
    };
    return new (kind === 'lstm' ? SequenceLSTM : SequenceGRU)(args).apply(x) as Sym;
  }
}

/** [n, 2, L] → [n, L, 2]: channels-last sequence for conv1d and recurrent layers. */
export function toSequence(input: Sym): Sym {
  return tfl.layers.permute({ name: 'to_sequence', dims: [2, 1] }).apply(input) as Sym;
}

export function optionNumber(options: Record<string, unknown> | undefined, key: string, fallback: number): number {
  const v = options?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
