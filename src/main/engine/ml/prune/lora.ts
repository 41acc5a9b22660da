// LoRA recovery (the baseline of “Reassessing Layer Pruning in LLMs: New Insights and Methods”): each
// dense/conv kernel W gets trainable adapters A (fan-in × r, seeded normal) and B (r × out, zeros), the layer
// computes act(x·W + (α/r)·drop(x)·A·B + b), and every base weight is frozen (BatchNorm in inference mode, as
// partial-k does). The adapters are ordinary layer weights while attached (so the trainer optimises them and
// keeps them in its best-epoch snapshot); merging folds (α/r)·A·B into W and removes them, so nothing of LoRA
// survives save or export.
import { AppError } from '../../../../shared/errors.ts';
import { deriveSeed } from '../../base/random.ts';
import { tf, tfl } from '../tfjs.ts';
import { freezeLayer } from './freeze.ts';

export interface LoraOptions {
  rank?: number;
  alpha?: number;
  dropout?: number;
  seed?: number;
}

interface AdaptedLayer {
  layer: tfl.layers.Layer;
  a: tfl.LayerVariable;
  b: tfl.LayerVariable;
}

/** The parts of TF.js Dense/Conv layers the adapted forward pass needs. */
interface KernelLayerInternals {
  kernel: tfl.LayerVariable;
  bias: tfl.LayerVariable | null;
  activation: { apply(x: tf.Tensor): tf.Tensor } | null;
  strides?: number[];
  padding?: 'valid' | 'same';
  dilationRate?: number | number[];
  dataFormat?: string;
  _trainableWeights: tfl.LayerVariable[];
}

const adaptable = new Set(['Dense', 'Conv1D', 'Conv2D']);

export class LoraAdapters {
  readonly rank: number;
  readonly alpha: number;
  readonly dropout: number;
  private readonly adapted: AdaptedLayer[] = [];
  private readonly thaws: (() => void)[] = [];
  private dropoutCalls = 0;
  private readonly seed: number;

  /** Attaches adapters to every dense and conv layer of `model` and freezes all base weights. */
  constructor(readonly model: tfl.LayersModel, opts: LoraOptions = {}) {
    this.rank = opts.rank ?? 8;
    this.alpha = opts.alpha ?? 16;
    this.dropout = opts.dropout ?? 0.05;
    this.seed = opts.seed ?? 0;
    if (!Number.isInteger(this.rank) || this.rank < 1) throw new AppError('VALIDATION', `LoRA rank must be a positive integer, got ${this.rank}`);
    if (!(this.dropout >= 0 && this.dropout < 1)) throw new AppError('VALIDATION', `LoRA dropout must be in [0, 1), got ${this.dropout}`);
    for (const layer of model.layers) {
      if (layer.weights.length === 0) continue;
      if (adaptable.has(layer.getClassName())) this.attach(layer);
      else this.thaws.push(freezeLayer(layer));
    }
    if (this.adapted.length === 0) throw new AppError('VALIDATION', `${model.name}: no dense or conv layer to attach LoRA adapters to`);
  }

  get scale(): number {
    return this.alpha / this.rank;
  }

  /** The adapter weights, A then B per adapted layer. */
  get adapterWeights(): tfl.LayerVariable[] {
    return this.adapted.flatMap((a) => [a.a, a.b]);
  }

  private attach(layer: tfl.layers.Layer): void {
    const inner = layer as unknown as KernelLayerInternals;
    const base = layer.trainableWeights;
    for (const w of base) w.trainable = false;
    this.thaws.push(() => base.forEach((w) => (w.trainable = true)));
    const shape = inner.kernel.shape as number[];
    const fanOut = shape[shape.length - 1]!;
    const fanIn = shape.slice(0, -1).reduce((p, d) => p * d, 1);
    const seed = deriveSeed(this.seed, 'lora', layer.name);
    const a = new tfl.LayerVariable(tf.randomNormal([fanIn, this.rank], 0, 1 / Math.sqrt(fanIn), 'float32', seed), 'float32', `${layer.name}/lora_a`, true);
    const b = new tfl.LayerVariable(tf.zeros([this.rank, fanOut]), 'float32', `${layer.name}/lora_b`, true);
    inner._trainableWeights.push(a, b);
    // an own property shadows the class's call until merge() deletes it
    layer.call = (inputs, kwargs) => this.adaptedCall(layer, a, b, inputs, kwargs);
    this.adapted.push({ layer, a, b });
  }

  private linear(layer: tfl.layers.Layer, x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    const inner = layer as unknown as KernelLayerInternals;
    const dilation = inner.dilationRate;
    switch (layer.getClassName()) {
      case 'Dense':
        if (x.rank !== 2) throw new AppError('UNSUPPORTED', `LoRA on '${layer.name}': dense inputs of rank ${x.rank} are not supported`);
        return tf.matMul(x, kernel);
      case 'Conv1D':
        return tf.conv1d(x as tf.Tensor3D, kernel as tf.Tensor3D, inner.strides![0]!, inner.padding!, 'NWC', Array.isArray(dilation) ? dilation[0]! : (dilation ?? 1));
      default:
        return tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, inner.strides as [number, number], inner.padding!, 'NHWC', (dilation ?? 1) as number | [number, number]);
    }
  }

  private adaptedCall(layer: tfl.layers.Layer, a: tfl.LayerVariable, b: tfl.LayerVariable, inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const inner = layer as unknown as KernelLayerInternals;
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const kernel = inner.kernel.read();
      const delta = tf.reshape(tf.mul(tf.matMul(a.read(), b.read()), this.scale), kernel.shape);
      let adapterInput = x;
      if (kwargs['training'] === true && this.dropout > 0) {
        this.dropoutCalls += 1;
        adapterInput = tf.dropout(x, this.dropout, undefined, deriveSeed(this.seed, 'lora-dropout', this.dropoutCalls));
      }
      let y = tf.add(this.linear(layer, x, kernel), this.linear(layer, adapterInput, delta));
      if (inner.bias) y = tf.add(y, inner.bias.read());
      return inner.activation ? inner.activation.apply(y) : y;
    });
  }

  /**
   * Folds every adapter into its kernel (W ← W + (α/r)·A·B), removes the adapters, restores
   * the layers' own forward pass and unfreezes the base weights. The object is spent after.
   */
  merge(): void {
    for (const { layer, a, b } of this.adapted) {
      const inner = layer as unknown as KernelLayerInternals;
      tf.tidy(() => {
        const kernel = inner.kernel.read();
        inner.kernel.write(tf.add(kernel, tf.reshape(tf.mul(tf.matMul(a.read(), b.read()), this.scale), kernel.shape)));
      });
      inner._trainableWeights = inner._trainableWeights.filter((w) => w !== a && w !== b);
      delete (layer as { call?: unknown }).call;
      a.dispose();
      b.dispose();
    }
    this.adapted.length = 0;
    for (const thaw of this.thaws) thaw();
    this.thaws.length = 0;
  }
}
