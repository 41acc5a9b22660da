// A GRU layer over a whole sequence as one kernel each way, with the semantics of TF.js's GRU
// (Keras's reset_after = false): gates z, r, h in the kernel's columns in that order,
// z = σ(x·Wz + bz + h·Uz), r = σ(x·Wr + br + h·Ur), ĥ = tanh(x·Wh + bh + (r∘h)·Uh),
// h' = z∘h + (1 − z)∘ĥ, from a zero state. Composed from stock ops it is ~15 small kernels per
// step and direction; here the input projection of every step is one product, each step's
// recurrent products run on the heap, and the backward pass goes through time in one call.
import { type GradConfig, type KernelConfig, type KernelFunc, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { AppError } from '../../../../../shared/errors.ts';
import { f32, free, type WasmBackend } from '../heap/wasm-heap.ts';
import { transposeLastTwo } from '../heap/transposed-operand.ts';
import { sequenceGradients } from './sequence-gradients.ts';
import { at, sequenceKernels, sequenceProduct, sequenceShape, weightGradients } from './sequence-products.ts';

export const GruSequence = 'AmrGruSequence';
export const GruSequenceGrad = 'AmrGruSequenceGrad';

/**
 * Per step and unit the cache holds z, r, ĥ and r∘h(t−1) ([B, T, 4H]): the backward pass needs
 * the gates, and r∘h(t−1) of every step is the left operand of Uh's gradient.
 */
export const GRU_CACHE_WIDTH = 4;

/**
 * inputs x [B, T, D], kernel [D, 3H], recurrentKernel [H, 3H], bias [3H], cache [B, T, 4H] → hs [B, T, H].
 * The cache is a workspace the kernel fills for the backward pass: as an output it would get a
 * gradient of zeros (67 MB for GRU2's first layer) built in JavaScript on every backward pass.
 */
function gruSequence(args: { inputs: { x: TensorInfo; kernel: TensorInfo; recurrentKernel: TensorInfo; bias: TensorInfo; cache: TensorInfo }; backend: WasmBackend }): TensorInfo {
  const { backend, inputs } = args;
  const kernels = sequenceKernels(backend, GruSequence);
  const { B, T, D, H } = sequenceShape(GruSequence, 3, inputs.x, inputs.kernel, inputs.recurrentKernel, inputs.bias);
  const CW = GRU_CACHE_WIDTH * H;
  const hsT = backend.makeOutput([B, T, H], 'float32');
  const cacheT = inputs.cache;
  if (cacheT.shape.join() !== [B, T, CW].join()) throw new AppError('UNSUPPORTED', `${GruSequence}: expected a cache of shape [${[B, T, CW]}], found [${cacheT.shape}]`);
  const [hs, cache, U] = [hsT, cacheT, inputs.recurrentKernel].map((t) => at(backend, t)) as [number, number, number];
  // x·W + b of every step into the cache's first 3H columns; each step adds its recurrent
  // products there and turns them into gates in place
  sequenceProduct(kernels, {
    a: at(backend, inputs.x), aRow: D, aDepth: 1, b: at(backend, inputs.kernel), bRow: 3 * H,
    c: cache, cRow: CW, M: B * T, K: D, N: 3 * H, bias: at(backend, inputs.bias),
  });
  const h = new Float32Array(f32(backend, hsT).buffer);
  const stepRows = (t: number) => ({ c: cache + t * CW, cRow: T * CW, M: B, K: H, accumulate: true });
  for (let t = 0; t < T; t++) {
    const first = t === 0;
    // the previous state is zero at t = 0: no recurrent products then
    if (!first) sequenceProduct(kernels, { a: hs + (t - 1) * H, aRow: T * H, aDepth: 1, b: U, bRow: 3 * H, N: 2 * H, ...stepRows(t) });
    kernels.gateActivation(4 * (cache + t * CW), 4 * 2 * H, B, 4 * T * CW, 0);
    for (let b = 0; b < B; b++) {
      const row = b * T + t;
      const co = cache + row * CW;
      const po = hs + (row - 1) * H;
      for (let j = 0; j < H; j++) h[co + 3 * H + j] = first ? 0 : h[co + H + j]! * h[po + j]!;
    }
    if (!first) {
      const rh = stepRows(t);
      sequenceProduct(kernels, { a: rh.c + 3 * H, aRow: rh.cRow, aDepth: 1, b: U + 2 * H, bRow: 3 * H, N: H, ...rh, c: rh.c + 2 * H });
    }
    kernels.gateActivation(4 * (cache + t * CW + 2 * H), 4 * H, B, 4 * T * CW, 1);
    for (let b = 0; b < B; b++) {
      const row = b * T + t;
      const co = cache + row * CW;
      const ho = hs + row * H;
      const po = ho - H;
      for (let j = 0; j < H; j++) {
        const z = h[co + j]!;
        h[ho + j] = (first ? 0 : z * h[po + j]!) + (1 - z) * h[co + 2 * H + j]!;
      }
    }
  }
  return hsT;
}

/** inputs dy [B, T, H] (of hs), x, recurrentKernel, hs, cache → [dA [B, T, 3H] (pre-activation gradients), dKernel, dRecurrentKernel, dBias]. */
function gruSequenceGrad(args: { inputs: { dy: TensorInfo; x: TensorInfo; recurrentKernel: TensorInfo; hs: TensorInfo; cache: TensorInfo }; backend: WasmBackend }): TensorInfo[] {
  const { backend, inputs } = args;
  const kernels = sequenceKernels(backend, GruSequenceGrad);
  const [B, T, D] = inputs.x.shape as [number, number, number];
  const H = inputs.recurrentKernel.shape[0]!;
  const [GH, CW] = [3 * H, GRU_CACHE_WIDTH * H];
  const dAT = backend.makeOutput([B, T, GH], 'float32');
  const dWT = backend.makeOutput([D, GH], 'float32');
  const dUT = backend.makeOutput([H, GH], 'float32');
  const dbT = backend.makeOutput([GH], 'float32');
  const dhT = backend.makeOutput([B, H], 'float32');
  const nextT = backend.makeOutput([B, H], 'float32');
  const drhT = backend.makeOutput([B, H], 'float32');
  const UtT = transposeLastTwo(backend, inputs.recurrentKernel);
  const [dA, dyAt, hs, cache, Ut, drh] = [dAT, inputs.dy, inputs.hs, inputs.cache, UtT, drhT].map((t) => at(backend, t)) as [number, number, number, number, number, number];
  let [dh, next] = [at(backend, dhT), at(backend, nextT)];
  const h = new Float32Array(f32(backend, dAT).buffer);
  h.fill(0, dh, dh + B * H);
  for (let t = T - 1; t >= 0; t--) {
    const first = t === 0;
    for (let b = 0; b < B; b++) {
      const row = b * T + t;
      const co = cache + row * CW;
      const po = hs + (row - 1) * H;
      const ao = dA + row * GH;
      for (let j = 0; j < H; j++) {
        const g = h[dh + b * H + j]! + h[dyAt + row * H + j]!;
        const z = h[co + j]!;
        const candidate = h[co + 2 * H + j]!;
        const prev = first ? 0 : h[po + j]!;
        h[ao + j] = g * (prev - candidate) * z * (1 - z);
        h[ao + 2 * H + j] = g * (1 - z) * (1 - candidate * candidate);
        h[next + b * H + j] = g * z;
      }
    }
    if (first) {
      // r met a zero state: its gradient is zero
      for (let b = 0; b < B; b++) h.fill(0, dA + b * T * GH + H, dA + b * T * GH + 2 * H);
      break;
    }
    sequenceProduct(kernels, { a: dA + t * GH + 2 * H, aRow: T * GH, aDepth: 1, b: Ut + 2 * H * H, bRow: H, c: drh, cRow: H, M: B, K: H, N: H });
    for (let b = 0; b < B; b++) {
      const row = b * T + t;
      const co = cache + row * CW;
      const po = hs + (row - 1) * H;
      const ao = dA + row * GH;
      for (let j = 0; j < H; j++) {
        const d = h[drh + b * H + j]!;
        const r = h[co + H + j]!;
        h[ao + H + j] = d * h[po + j]! * r * (1 - r);
        h[next + b * H + j] += d * r;
      }
    }
    sequenceProduct(kernels, { a: dA + t * GH, aRow: T * GH, aDepth: 1, b: Ut, bRow: H, c: next, cRow: H, M: B, K: 2 * H, N: H, accumulate: true });
    [dh, next] = [next, dh];
  }
  weightGradients(backend, kernels, { B, T, D, H, G: 3 }, 2 * H, { x: inputs.x, hs: inputs.hs, dA: dAT, dW: dWT, dU: dUT, db: dbT });
  // Uh's gradient: Σ (r∘h(t−1))ᵀ·dĥ over every step, from the cache's last H columns
  sequenceProduct(kernels, { a: cache + 3 * H, aRow: 1, aDepth: CW, b: dA + 2 * H, bRow: GH, c: at(backend, dUT) + 2 * H, cRow: GH, M: H, K: B * T, N: H });
  free(backend, dhT, nextT, drhT, UtT);
  return [dAT, dWT, dUT, dbT];
}

export const gruSequenceConfig: KernelConfig = { kernelName: GruSequence, backendName: 'wasm', kernelFunc: gruSequence as unknown as KernelFunc };
export const gruSequenceGradConfig: KernelConfig = { kernelName: GruSequenceGrad, backendName: 'wasm', kernelFunc: gruSequenceGrad as unknown as KernelFunc };

export const gruSequenceGradient: GradConfig = {
  kernelName: GruSequence,
  inputsToSave: ['x', 'kernel', 'recurrentKernel', 'cache'],
  outputsToSave: [true],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => sequenceGradients(GruSequenceGrad, dy, saved),
};
