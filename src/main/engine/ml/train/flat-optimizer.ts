// Adam and SGD with momentum over one flat gradient (trainable weights concatenated in model
// order, as shard-gradients.ts makes it), for the backends that compute on this thread (wasm,
// cpu), where the gradients already sit in one JS array. TF.js's optimizers run ~7 small kernels
// per weight tensor per step (≈ 450 for ResNet1D-20, 5–8 ms on wasm); here Adam is one SIMD pass
// per weight tensor over the wasm heap, or one JS loop elsewhere. Every operation rounds
// to float32 in the order TF.js's optimizers use, so the results agree with theirs to the last bit
// or so (β^t is taken from the step count rather than a running product, so that a resumed run
// continues bit for bit).
import { simdKernels, type SimdKernels } from '../kernels/simd/simd-kernels.ts';
import { address, f32 as heapView, type WasmBackend } from '../kernels/heap/wasm-heap.ts';
import type { NamedWeights } from '../persist/weights.ts';
import { tf, type tfl } from '../tfjs.ts';
import { adamDefaults, checkGradientLength, readState, stateOf, type OptimizerConfig, type TrainingOptimizer } from './optimizer.ts';
import { readTrainable, trainableSize, writeTrainable } from './shard-gradients.ts';

const f32 = Math.fround;

/** Adam's per-step constants, in the order the SIMD kernel reads them. */
type AdamConstants = [b1: number, c1: number, b2: number, c2: number, d1: number, d2: number, eps: number, negLr: number];

/** Adam over `count` elements: weights from wOffset, gradients from gOffset, moments from sOffset. */
function adamElements(k: AdamConstants, w: Float32Array, wOffset: number, g: Float32Array, gOffset: number, m: Float32Array, v: Float32Array, sOffset: number, count: number): void {
  const [b1, c1, b2, c2, d1, d2, eps, negLr] = k;
  for (let i = 0; i < count; i++) {
    const gi = g[gOffset + i]!;
    const s = sOffset + i;
    const mi = f32(f32(m[s]! * b1) + f32(gi * c1));
    const vi = f32(f32(v[s]! * b2) + f32(f32(gi * gi) * c2));
    m[s] = mi;
    v[s] = vi;
    const step = f32(f32(mi / d1) / f32(f32(Math.sqrt(f32(vi / d2))) + eps));
    w[wOffset + i] = f32(f32(step * negLr) + w[wOffset + i]!);
  }
}

/** Adam's state on the wasm heap: [m | v | staged gradients | 8 constants], one tensor. */
class HeapSlots {
  private readonly tensor: tf.Tensor;
  constructor(readonly backend: WasmBackend, readonly kernels: SimdKernels, private readonly size: number) {
    this.tensor = tf.keep(tf.zeros([3 * size + 8]));
  }
  /** Views of the parts; take them after the last allocation (heap growth detaches views). */
  views(): { m: Float32Array; v: Float32Array; g: Float32Array; constants: Float32Array } {
    const all = heapView(this.backend, this.tensor);
    const n = this.size;
    return { m: all.subarray(0, n), v: all.subarray(n, 2 * n), g: all.subarray(2 * n, 3 * n), constants: all.subarray(3 * n) };
  }
  /** Byte address of element `i` of one part. */
  address(part: 'm' | 'v' | 'g' | 'constants', i = 0): number {
    const first = { m: 0, v: 1, g: 2, constants: 3 }[part] * this.size;
    return address(this.backend, this.tensor) + 4 * (first + i);
  }
  dispose(): void {
    this.tensor.dispose();
  }
}

class FlatAdam implements TrainingOptimizer {
  iterations = 0;
  private readonly size: number;
  private readonly heap: HeapSlots | null;
  /** moments when not on the wasm heap */
  private readonly m: Float32Array;
  private readonly v: Float32Array;

  constructor(private readonly model: tfl.LayersModel, public learningRate: number, private readonly epsilon: number) {
    this.size = trainableSize(model);
    const backend = tf.backend() as WasmBackend;
    const kernels = tf.getBackend() === 'wasm' ? simdKernels(backend) : null;
    this.heap = kernels ? new HeapSlots(backend, kernels, this.size) : null;
    this.m = new Float32Array(this.heap ? 0 : this.size);
    this.v = new Float32Array(this.heap ? 0 : this.size);
  }

  private constants(): AdamConstants {
    const { beta1, beta2 } = adamDefaults;
    const t = this.iterations + 1;
    return [f32(beta1), f32(1 - beta1), f32(beta2), f32(1 - beta2), f32(1 - f32(beta1 ** t)), f32(1 - f32(beta2 ** t)), f32(this.epsilon), f32(-this.learningRate)];
  }

  apply(g: Float32Array): void {
    checkGradientLength(g, this.size);
    const k = this.constants();
    if (this.heap) this.applyOnHeap(this.heap, g, k);
    else {
      const w = readTrainable(this.model);
      adamElements(k, w, 0, g, 0, this.m, this.v, 0, this.size);
      writeTrainable(this.model, w);
    }
    this.iterations++;
  }

  /** Into fresh memory for every weight (see kernels/simd/adam-wasm.ts for why not in place). */
  private applyOnHeap(heap: HeapSlots, g: Float32Array, k: AdamConstants): void {
    const { backend, kernels } = heap;
    const weights = this.model.trainableWeights.map((w) => {
      const value = w.read();
      return { w, value, out: backend.makeOutput([...value.shape], 'float32') };
    });
    const views = heap.views();
    views.g.set(g);
    views.constants.set(k);
    let offset = 0;
    for (const { value, out } of weights) {
      const size = value.size;
      const groups = size >> 2;
      if (groups > 0) kernels.adamStep(address(backend, value), heap.address('g', offset), heap.address('m', offset), heap.address('v', offset), groups, heap.address('constants'), address(backend, out));
      const done = groups * 4;
      if (done < size) {
        const next = heapView(backend, out);
        next.set(heapView(backend, value).subarray(done), done);
        adamElements(k, next, done, views.g, offset + done, views.m, views.v, offset + done, size - done);
      }
      offset += size;
    }
    for (const { w, out } of weights) {
      const next = tf.engine().makeTensorFromTensorInfo(out);
      w.write(next);
      next.dispose();
    }
  }

  /** The moments where they live (views of the heap: use before the next allocation). */
  private moments(): { m: Float32Array; v: Float32Array } {
    return this.heap ? this.heap.views() : { m: this.m, v: this.v };
  }

  async state(): Promise<NamedWeights> {
    const { m, v } = this.moments();
    return stateOf(this.model, this.iterations, [['m', m], ['v', v]]);
  }

  async restore(state: NamedWeights, where: string): Promise<void> {
    const m = new Float32Array(this.size);
    const v = new Float32Array(this.size);
    this.iterations = readState(this.model, state, where, [m, v]);
    const into = this.moments();
    into.m.set(m);
    into.v.set(v);
  }

  dispose(): void {
    this.heap?.dispose();
  }
}

class FlatMomentum implements TrainingOptimizer {
  iterations = 0;
  private readonly accumulation: Float32Array;

  constructor(private readonly model: tfl.LayersModel, public learningRate: number, private readonly momentum: number) {
    this.accumulation = new Float32Array(trainableSize(model));
  }

  apply(g: Float32Array): void {
    const a = this.accumulation;
    checkGradientLength(g, a.length);
    const w = readTrainable(this.model);
    const mu = f32(this.momentum);
    const negLr = f32(-this.learningRate);
    for (let i = 0; i < w.length; i++) {
      const ai = f32(f32(mu * a[i]!) + g[i]!);
      a[i] = ai;
      w[i] = f32(f32(negLr * ai) + w[i]!);
    }
    writeTrainable(this.model, w);
    this.iterations++;
  }

  async state(): Promise<NamedWeights> {
    return stateOf(this.model, this.iterations, [['momentum', this.accumulation]]);
  }

  async restore(state: NamedWeights, where: string): Promise<void> {
    this.iterations = readState(this.model, state, where, [this.accumulation]);
  }

  dispose(): void {}
}

/** An optimizer over `model`'s trainable weights, updating them from flat gradients. */
export function makeFlatOptimizer(model: tfl.LayersModel, c: OptimizerConfig): TrainingOptimizer {
  if (c.optimizer === 'adam') return new FlatAdam(model, c.learningRate, c.epsilon ?? adamDefaults.epsilon);
  return new FlatMomentum(model, c.learningRate, c.momentum ?? 0);
}
