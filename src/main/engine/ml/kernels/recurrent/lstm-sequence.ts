// An LSTM layer over a whole sequence as one kernel each way, with the semantics of TF.js's LSTM:
// gates i, f, c̃, o in the kernel's columns in that order, a = x·W + h·U + b,
// i = σ(a_i), f = σ(a_f), c̃ = tanh(a_c), o = σ(a_o), c' = f∘c + i∘c̃, h' = o∘tanh(c'), from zero
// states. The input projection of every step is one product, each step adds h·U into the same
// rows on the heap, and the backward pass goes through time in one call.
import type { GradConfig, KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { AppError } from '../../../../../shared/errors.ts';
import { f32, free, type WasmBackend } from '../heap/wasm-heap.ts';
import { transposeLastTwo } from '../heap/transposed-operand.ts';
import { sequenceGradients } from './sequence-gradients.ts';
import { at, sequenceKernels, sequenceProduct, sequenceShape, weightGradients } from './sequence-products.ts';

export const LstmSequence = 'AmrLstmSequence';
export const LstmSequenceGrad = 'AmrLstmSequenceGrad';

/** Per step and unit the cache holds i, f, c̃, o, the cell state c and tanh(c) ([B, T, 6H]). */
export const LSTM_CACHE_WIDTH = 6;

/** inputs x [B, T, D], kernel [D, 4H], recurrentKernel [H, 4H], bias [4H], cache [B, T, 6H] (a workspace, as for GRU) → hs [B, T, H]. */
function lstmSequence(args: { inputs: { x: TensorInfo; kernel: TensorInfo; recurrentKernel: TensorInfo; bias: TensorInfo; cache: TensorInfo }; backend: WasmBackend }): TensorInfo {
  const { backend, inputs } = args;
  const kernels = sequenceKernels(backend, LstmSequence);
  const { B, T, D, H } = sequenceShape(LstmSequence, 4, inputs.x, inputs.kernel, inputs.recurrentKernel, inputs.bias);
  const CW = LSTM_CACHE_WIDTH * H;
  const hsT = backend.makeOutput([B, T, H], 'float32');
  const cacheT = inputs.cache;
  if (cacheT.shape.join() !== [B, T, CW].join()) throw new AppError('UNSUPPORTED', `${LstmSequence}: expected a cache of shape [${[B, T, CW]}], found [${cacheT.shape}]`);
  const [hs, cache, U] = [hsT, cacheT, inputs.recurrentKernel].map((t) => at(backend, t)) as [number, number, number];
  sequenceProduct(kernels, {
    a: at(backend, inputs.x), aRow: D, aDepth: 1, b: at(backend, inputs.kernel), bRow: 4 * H,
    c: cache, cRow: CW, M: B * T, K: D, N: 4 * H, bias: at(backend, inputs.bias),
  });
  const h = new Float32Array(f32(backend, hsT).buffer);
  for (let t = 0; t < T; t++) {
    const first = t === 0;
    // the previous state is zero at t = 0: no recurrent product then
    if (!first) {
      sequenceProduct(kernels, { a: hs + (t - 1) * H, aRow: T * H, aDepth: 1, b: U, bRow: 4 * H, c: cache + t * CW, cRow: T * CW, M: B, K: H, N: 4 * H, accumulate: true });
    }
    const rows = cache + t * CW;
    // i, f: σ; c̃: tanh; o: σ
    kernels.gateActivation(4 * rows, 4 * 2 * H, B, 4 * T * CW, 0);
    kernels.gateActivation(4 * (rows + 2 * H), 4 * H, B, 4 * T * CW, 1);
    kernels.gateActivation(4 * (rows + 3 * H), 4 * H, B, 4 * T * CW, 0);
    for (let b = 0; b < B; b++) {
      const co = cache + (b * T + t) * CW;
      const po = co - CW;
      for (let j = 0; j < H; j++) {
        const c = (first ? 0 : h[co + H + j]! * h[po + 4 * H + j]!) + h[co + j]! * h[co + 2 * H + j]!;
        h[co + 4 * H + j] = c;
        h[co + 5 * H + j] = c;
      }
    }
    kernels.gateActivation(4 * (rows + 5 * H), 4 * H, B, 4 * T * CW, 1);
    for (let b = 0; b < B; b++) {
      const row = b * T + t;
      const co = cache + row * CW;
      const ho = hs + row * H;
      for (let j = 0; j < H; j++) h[ho + j] = h[co + 3 * H + j]! * h[co + 5 * H + j]!;
    }
  }
  return hsT;
}

/** inputs dy [B, T, H] (of hs), x, recurrentKernel, hs, cache → [dA [B, T, 4H] (pre-activation gradients), dKernel, dRecurrentKernel, dBias]. */
function lstmSequenceGrad(args: { inputs: { dy: TensorInfo; x: TensorInfo; recurrentKernel: TensorInfo; hs: TensorInfo; cache: TensorInfo }; backend: WasmBackend }): TensorInfo[] {
  const { backend, inputs } = args;
  const kernels = sequenceKernels(backend, LstmSequenceGrad);
  const [B, T, D] = inputs.x.shape as [number, number, number];
  const H = inputs.recurrentKernel.shape[0]!;
  const [GH, CW] = [4 * H, LSTM_CACHE_WIDTH * H];
  const dAT = backend.makeOutput([B, T, GH], 'float32');
  const dWT = backend.makeOutput([D, GH], 'float32');
  const dUT = backend.makeOutput([H, GH], 'float32');
  const dbT = backend.makeOutput([GH], 'float32');
  const dhT = backend.makeOutput([B, H], 'float32');
  const dcT = backend.makeOutput([B, H], 'float32');
  const UtT = transposeLastTwo(backend, inputs.recurrentKernel);
  const [dA, dyAt, cache, Ut, dh, dc] = [dAT, inputs.dy, inputs.cache, UtT, dhT, dcT].map((t) => at(backend, t)) as [number, number, number, number, number, number];
  const h = new Float32Array(f32(backend, dAT).buffer);
  h.fill(0, dh, dh + B * H);
  h.fill(0, dc, dc + B * H);
  for (let t = T - 1; t >= 0; t--) {
    const first = t === 0;
    for (let b = 0; b < B; b++) {
      const row = b * T + t;
      const co = cache + row * CW;
      const ao = dA + row * GH;
      for (let j = 0; j < H; j++) {
        const g = h[dh + b * H + j]! + h[dyAt + row * H + j]!;
        const i = h[co + j]!;
        const f = h[co + H + j]!;
        const cand = h[co + 2 * H + j]!;
        const o = h[co + 3 * H + j]!;
        const tc = h[co + 5 * H + j]!;
        const dcell = h[dc + b * H + j]! + g * o * (1 - tc * tc);
        const prev = first ? 0 : h[co - CW + 4 * H + j]!;
        h[ao + j] = dcell * cand * i * (1 - i);
        h[ao + H + j] = dcell * prev * f * (1 - f);
        h[ao + 2 * H + j] = dcell * i * (1 - cand * cand);
        h[ao + 3 * H + j] = g * tc * o * (1 - o);
        h[dc + b * H + j] = dcell * f;
      }
    }
    if (!first) sequenceProduct(kernels, { a: dA + t * GH, aRow: T * GH, aDepth: 1, b: Ut, bRow: H, c: dh, cRow: H, M: B, K: GH, N: H });
  }
  weightGradients(backend, kernels, { B, T, D, H, G: 4 }, GH, { x: inputs.x, hs: inputs.hs, dA: dAT, dW: dWT, dU: dUT, db: dbT });
  free(backend, dhT, dcT, UtT);
  return [dAT, dWT, dUT, dbT];
}

export const lstmSequenceConfig: KernelConfig = { kernelName: LstmSequence, backendName: 'wasm', kernelFunc: lstmSequence as unknown as KernelFunc };
export const lstmSequenceGradConfig: KernelConfig = { kernelName: LstmSequenceGrad, backendName: 'wasm', kernelFunc: lstmSequenceGrad as unknown as KernelFunc };

export const lstmSequenceGradient: GradConfig = {
  kernelName: LstmSequence,
  inputsToSave: ['x', 'kernel', 'recurrentKernel', 'cache'],
  outputsToSave: [true],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => sequenceGradients(LstmSequenceGrad, dy, saved),
};
