// Batch normalisation in training mode as two wasm kernels (forward with batch statistics, and
// its full gradient). Composed from stock ops it is about twenty small kernels forward and
// backward, each a pass over the activations plus dispatch cost; here it is two passes each way:
// per-channel sums, then one output pass, in wasm SIMD when the channels come in fours
// (simd/simd-kernels.ts), else in JS. Normalises over every axis but the last (channels-last).
import { engine, type GradConfig, type KernelConfig, type KernelFunc, type NamedAttrMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { AppError } from '../../../../shared/errors.ts';
import { channelAffine, coefficients } from './norm/channel-affine.ts';
import { simdKernels, type SimdKernels } from './simd/simd-kernels.ts';
import { address, f32, free, type WasmBackend } from './heap/wasm-heap.ts';

export const BatchNormTraining = 'AmrBatchNormTraining';
export const BatchNormTrainingGrad = 'AmrBatchNormTrainingGrad';

export interface BatchNormTrainingAttrs {
  epsilon: number;
}

function channelsOf(kernel: string, x: TensorInfo, params: TensorInfo[]): { channels: number; rows: number } {
  const channels = x.shape[x.shape.length - 1] ?? 0;
  const size = x.shape.reduce((p, s) => p * s, 1);
  for (const t of [x, ...params]) {
    if (t.dtype !== 'float32') throw new AppError('UNSUPPORTED', `${kernel} on wasm: expected float32, found ${t.dtype}`);
  }
  for (const p of params) {
    if (p.shape.length !== 1 || p.shape[0] !== channels) {
      throw new AppError('UNSUPPORTED', `${kernel} on wasm: expected per-channel parameters of shape [${channels}], found [${p.shape.join(', ')}]`);
    }
  }
  if (x.shape.length < 2 || channels === 0) throw new AppError('UNSUPPORTED', `${kernel} on wasm: expected [..., channels] input, found [${x.shape.join(', ')}]`);
  return { channels, rows: size / channels };
}

/** Rows per block of channelSums: a block of a and b stays in the fastest cache for every channel's pass. */
const BLOCK_ROWS = 128;

/** Per-channel values subtracted before summing: sums of data near zero lose no digits to a mean. */
interface Shifts {
  a: Float32Array;
  b: Float32Array;
}

/**
 * Per channel Σ(a − shift) and Σ(a − shift)·(b − shift) over rows of channels-last data, in
 * float64. Within a block of rows, channel by channel with the running sums in locals: faster in
 * V8 than updating per-channel arrays for every element, without re-reading the whole tensor
 * from memory per channel.
 */
function channelSums(a: Float32Array, b: Float32Array, rows: number, C: number, shifts: Shifts): { sum: Float64Array; sumSq: Float64Array } {
  const sum = new Float64Array(C);
  const sumSq = new Float64Array(C);
  const n = rows * C;
  const block = BLOCK_ROWS * C;
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    for (let c = 0; c < C; c++) {
      let s = 0;
      let p = 0;
      const sa = shifts.a[c]!;
      const sb = shifts.b[c]!;
      for (let i = start + c; i < end; i += C) {
        const v = a[i]! - sa;
        s += v;
        p += v * (b[i]! - sb);
      }
      sum[c] += s;
      sumSq[c] += p;
    }
  }
  return { sum, sumSq };
}

/** Rows per float32 partial sum of the SIMD pass; the partials are added in float64. */
const SIMD_BLOCK_ROWS = 64;

/**
 * The forward sums x less its first row, so E[(x − s)²] − E[x − s]² cancels only as much as the
 * first row sits off the mean. Where that is more than 10 standard deviations (mean² of the
 * shifted data above this multiple of the variance), float32 partial sums would lose digits, and
 * such channels are summed exactly in float64 JS.
 */
const ILL_CONDITIONED = 100;

function wellConditioned(mean: ArrayLike<number>, variance: ArrayLike<number>): boolean {
  for (let c = 0; c < mean.length; c++) {
    if (!(mean[c]! * mean[c]! <= ILL_CONDITIONED * variance[c]!)) return false;
  }
  return true;
}

/** The SIMD kernels when they exist and C is a multiple of their four lanes. */
function simdFor(backend: WasmBackend, C: number): SimdKernels | null {
  return C % 4 === 0 ? simdKernels(backend) : null;
}

/** channelSums on SIMD: float32 sums per block of rows, added in float64. */
function simdChannelSums(simd: SimdKernels, backend: WasmBackend, a: TensorInfo, b: TensorInfo, rows: number, C: number, shifts: Shifts): { sum: Float64Array; sumSq: Float64Array } {
  const blocks = Math.ceil(rows / SIMD_BLOCK_ROWS);
  const partials = backend.makeOutput([blocks, 2 * C], 'float32');
  const shift = coefficients(backend, [shifts.a, shifts.b]);
  const at = address(backend, shift);
  simd.blockSums(address(backend, a), address(backend, b), rows, C, SIMD_BLOCK_ROWS, address(backend, partials), at, at + 4 * C);
  free(backend, shift);
  const p = f32(backend, partials);
  const sum = new Float64Array(C);
  const sumSq = new Float64Array(C);
  for (let k = 0, o = 0; k < blocks; k++, o += 2 * C) {
    for (let c = 0; c < C; c++) {
      sum[c] += p[o + c]!;
      sumSq[c] += p[o + C + c]!;
    }
  }
  free(backend, partials);
  return { sum, sumSq };
}

/** Mean and biased variance from sums of the data less `shift`; `offset` is the shifted mean. */
function moments(sum: Float64Array, sumSq: Float64Array, rows: number, shift: Float32Array): { mean: Float64Array; variance: Float64Array; offset: Float64Array } {
  const C = sum.length;
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  const offset = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    offset[c] = sum[c]! / rows;
    mean[c] = shift[c]! + offset[c]!;
    variance[c] = Math.max(0, sumSq[c]! / rows - offset[c]! * offset[c]!);
  }
  return { mean, variance, offset };
}

/** inputs x [..., C], gamma [C], beta [C] → [y like x, batch mean [C], biased batch variance [C]]. */
function batchNormTraining(args: { inputs: { x: TensorInfo; gamma: TensorInfo; beta: TensorInfo }; backend: WasmBackend; attrs: NamedAttrMap }): TensorInfo[] {
  const { inputs, backend } = args;
  const { epsilon } = args.attrs as unknown as BatchNormTrainingAttrs;
  const { x, gamma, beta } = inputs;
  const { channels: C, rows } = channelsOf(BatchNormTraining, x, [gamma, beta]);
  const simd = simdFor(backend, C);
  const first = f32(backend, x).slice(0, C);
  const shifts = { a: first, b: first };
  let stats: { mean: Float64Array; variance: Float64Array; offset: Float64Array } | null = null;
  if (simd) {
    const { sum, sumSq } = simdChannelSums(simd, backend, x, x, rows, C, shifts);
    stats = moments(sum, sumSq, rows, first);
  }
  if (!stats || !wellConditioned(stats.offset, stats.variance)) {
    // float64 sums keep E[x²] − E[x]² exact to ~1e-16·(mean²/var): fine far beyond any activation
    const xs = f32(backend, x);
    const { sum, sumSq } = channelSums(xs, xs, rows, C, shifts);
    stats = moments(sum, sumSq, rows, first);
  }
  const { mean, variance } = stats;
  const g = f32(backend, gamma);
  const b = f32(backend, beta);
  const scale = new Float32Array(C);
  const shift = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    scale[c] = g[c]! / Math.sqrt(variance[c]! + epsilon);
    shift[c] = b[c]! - mean[c]! * scale[c]!;
  }
  const y = channelAffine(backend, x, scale, shift);
  const meanOut = backend.makeOutput([C], 'float32');
  const varOut = backend.makeOutput([C], 'float32');
  f32(backend, meanOut).set(mean);
  f32(backend, varOut).set(variance);
  return [y, meanOut, varOut];
}

/** inputs dy, x, gamma, mean, variance (the forward's) → [dx, dgamma, dbeta]. */
function batchNormTrainingGrad(args: {
  inputs: { dy: TensorInfo; x: TensorInfo; gamma: TensorInfo; mean: TensorInfo; variance: TensorInfo };
  backend: WasmBackend;
  attrs: NamedAttrMap;
}): TensorInfo[] {
  const { inputs, backend } = args;
  const { epsilon } = args.attrs as unknown as BatchNormTrainingAttrs;
  const { dy, x, gamma, mean, variance } = inputs;
  const { channels: C, rows } = channelsOf(BatchNormTrainingGrad, x, [gamma, mean, variance]);
  // Copies: heap views detach when a later allocation grows the heap.
  const g = Float64Array.from(f32(backend, gamma));
  const mu = Float64Array.from(f32(backend, mean));
  const v = Float64Array.from(f32(backend, variance));
  const simd = simdFor(backend, C);
  // Σdy, and Σdy·(x − μ) summed as such (as Σdy·x − μ·Σdy it would cancel); times inv it is dgamma
  const shifts = { a: new Float32Array(C), b: Float32Array.from(mu) };
  const { sum: dbeta, sumSq: dyDev } = simd ? simdChannelSums(simd, backend, dy, x, rows, C, shifts) : channelSums(f32(backend, dy), f32(backend, x), rows, C, shifts);
  const inv = new Float64Array(C);
  for (let c = 0; c < C; c++) inv[c] = 1 / Math.sqrt(v[c]! + epsilon);
  // dx = γ·inv·(dy − mean(dy) − x̂·mean(dy·x̂)), the gradient through the batch statistics
  // included, expanded to dx = k·dy + slope·x + offset per channel.
  const dgamma = new Float64Array(C);
  const k = new Float32Array(C);
  const slope = new Float32Array(C);
  const offset = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    dgamma[c] = dyDev[c]! * inv[c]!;
    const kc = g[c]! * inv[c]!;
    const slopeC = (-kc * dyDev[c]! * inv[c]! * inv[c]!) / rows;
    k[c] = kc;
    slope[c] = slopeC;
    offset[c] = (-kc * dbeta[c]!) / rows - slopeC * mu[c]!;
  }
  const dx = backend.makeOutput([...x.shape], 'float32');
  if (simd) {
    const coef = coefficients(backend, [k, slope, offset]);
    const at = address(backend, coef);
    simd.affine2(address(backend, dy), address(backend, x), at, at + 4 * C, at + 8 * C, rows, C, address(backend, dx));
    free(backend, coef);
  } else {
    const dys = f32(backend, dy);
    const xs = f32(backend, x);
    const dxs = f32(backend, dx);
    for (let r = 0, i = 0; r < rows; r++) {
      for (let c = 0; c < C; c++, i++) dxs[i] = k[c]! * dys[i]! + slope[c]! * xs[i]! + offset[c]!;
    }
  }
  const dgammaOut = backend.makeOutput([C], 'float32');
  const dbetaOut = backend.makeOutput([C], 'float32');
  f32(backend, dgammaOut).set(dgamma);
  f32(backend, dbetaOut).set(dbeta);
  return [dx, dgammaOut, dbetaOut];
}

export const batchNormTrainingConfig: KernelConfig = {
  kernelName: BatchNormTraining,
  backendName: 'wasm',
  kernelFunc: batchNormTraining as unknown as KernelFunc,
};

export const batchNormTrainingGradConfig: KernelConfig = {
  kernelName: BatchNormTrainingGrad,
  backendName: 'wasm',
  kernelFunc: batchNormTrainingGrad as unknown as KernelFunc,
};

/** Only y carries a gradient: mean and variance feed the moving averages, which are not trained. */
export const batchNormTrainingGradient: GradConfig = {
  kernelName: BatchNormTraining,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, gamma, mean, variance] = saved as [Tensor, Tensor, Tensor, Tensor];
    // One kernel yields all three; run it here, not in a closure, whose scope would free the other two.
    const [dx, dgamma, dbeta] = engine().runKernel(
      BatchNormTrainingGrad,
      { dy: Array.isArray(dy) ? dy[0]! : dy, x, gamma, mean, variance },
      attrs,
    ) as Tensor[];
    return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
  },
};
