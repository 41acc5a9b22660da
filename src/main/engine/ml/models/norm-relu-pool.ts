// The non-convolution part of a ConvNet block — instance norm, ReLU, average pooling by 2 — as
// one op with its own gradient. As separate ops it took most of a distillation iteration: nine
// kernels per block, five of them reductions or broadcasts over the middle (time) axis of
// [n, L, C], where the wasm backend transposes first (measured on the width-64 embedder: 470 of
// 680 ms of kernel time per MDM iteration). Fused, it is two passes over each sample forward and two back.
//
// Layout [n, L, C] (channels last, as the convolutions leave it). Per sample and channel:
// z = (x − μ)/√(σ² + ε) over time, y[t] = (relu(z[2t]) + relu(z[2t+1]))/2; an odd last step is
// normalised but not pooled, as PyTorch's AvgPool1d(2) drops it.
//
// On the wasm backend the op is a kernel pair in the backend's memory (kernels/norm-relu-pool.ts,
// SIMD over channels); elsewhere it is the JS loops below with a custom gradient.
import { tf } from '../tfjs.ts';

/** The instance norm's ε, as PyTorch's GroupNorm (the reference's instance norm). */
export const INSTANCE_NORM_EPSILON = 1e-5;

/** The wasm kernel: x → [y, mean, invStd] (kernels/norm-relu-pool.ts). */
export const NormReluPoolKernel = 'AmrNormReluPool';

export interface NormStats {
  mean: Float32Array;
  /** 1/√(σ² + ε) per sample and channel, [n, C] */
  invStd: Float32Array;
}

/** Mean and inverse standard deviation over time of one sample's channels, into stats at s. */
function sampleStats(x: Float32Array, base: number, size: number, channels: number, sum: Float64Array, sumSquares: Float64Array, stats: NormStats, s: number): void {
  sum.fill(0);
  sumSquares.fill(0);
  for (let o = base; o < base + size; o += channels) {
    for (let c = 0; c < channels; c++) {
      const v = x[o + c]!;
      sum[c] += v;
      sumSquares[c] += v * v;
    }
  }
  const length = size / channels;
  for (let c = 0; c < channels; c++) {
    const mean = sum[c]! / length;
    // one pass in float64: float32 inputs lose nothing to the subtraction at this precision
    const variance = Math.max(0, sumSquares[c]! / length - mean * mean);
    stats.mean[s + c] = mean;
    stats.invStd[s + c] = 1 / Math.sqrt(variance + INSTANCE_NORM_EPSILON);
  }
}

/** y [n, ⌊L/2⌋, C] and the statistics the gradient needs, into y and stats. */
export function normReluPoolForward(x: Float32Array, n: number, length: number, channels: number, y: Float32Array, stats: NormStats): void {
  const half = length >> 1;
  const size = length * channels;
  const { mean, invStd } = stats;
  const sum = new Float64Array(channels);
  const sumSquares = new Float64Array(channels);
  for (let b = 0; b < n; b++) {
    const base = b * size;
    const s = b * channels;
    sampleStats(x, base, size, channels, sum, sumSquares, stats, s);
    for (let t = 0; t < half; t++) {
      const even = base + 2 * t * channels;
      const odd = even + channels;
      const at = (b * half + t) * channels;
      for (let c = 0; c < channels; c++) {
        const m = mean[s + c]!;
        const r = invStd[s + c]!;
        const z0 = (x[even + c]! - m) * r;
        const z1 = (x[odd + c]! - m) * r;
        // relu(z) = (z + |z|)/2 without a branch: the signs are random, and a branch on them
        // mispredicts half the time (3 → 1 ns per value here)
        y[at + c] = 0.25 * (z0 + Math.abs(z0) + z1 + Math.abs(z1));
      }
    }
  }
}

/**
 * ∂/∂x of Σ dy·y. With g = ∂/∂z (dy/2 where z > 0 and the step is pooled, else 0), the
 * instance norm's gradient is dx = r·(g − mean_t g − z·mean_t(g·z)).
 */
export function normReluPoolBackward(dy: Float32Array, x: Float32Array, stats: NormStats, n: number, length: number, channels: number, dx: Float32Array): void {
  const half = length >> 1;
  const size = length * channels;
  const meanG = new Float64Array(channels);
  const meanGz = new Float64Array(channels);
  const { mean, invStd } = stats;
  for (let b = 0; b < n; b++) {
    const base = b * size;
    const s = b * channels;
    meanG.fill(0);
    meanGz.fill(0);
    // g into dx, and its sums; an unpooled odd last step has g = 0
    dx.fill(0, base + 2 * half * channels, base + size);
    for (let t = 0; t < 2 * half; t++) {
      const o = base + t * channels;
      const up = (b * half + (t >> 1)) * channels;
      for (let c = 0; c < channels; c++) {
        const z = (x[o + c]! - mean[s + c]!) * invStd[s + c]!;
        // a multiply by the comparison, not a branch on it (see the forward pass)
        const g = 0.5 * dy[up + c]! * +(z > 0);
        dx[o + c] = g;
        meanG[c] += g;
        meanGz[c] += g * z;
      }
    }
    for (let c = 0; c < channels; c++) {
      meanG[c] = meanG[c]! / length;
      meanGz[c] = meanGz[c]! / length;
    }
    for (let o = base; o < base + size; o += channels) {
      for (let c = 0; c < channels; c++) {
        const r = invStd[s + c]!;
        const z = (x[o + c]! - mean[s + c]!) * r;
        dx[o + c] = r * (dx[o + c]! - meanG[c]! - z * meanGz[c]!);
      }
    }
  }
}

/** The JS loops with a custom gradient, for backends without the kernel. */
const normReluPoolLoops: (x: tf.Tensor3D) => tf.Tensor3D = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = inputs[0] as tf.Tensor3D;
  const [n, length, channels] = x.shape;
  const values = x.dataSync() as Float32Array;
  // the gradient reads the input's values copied here, so no tensor needs saving
  const y = new Float32Array(n * (length >> 1) * channels);
  const stats: NormStats = { mean: new Float32Array(n * channels), invStd: new Float32Array(n * channels) };
  normReluPoolForward(values, n, length, channels, y, stats);
  return {
    value: tf.tensor3d(y, [n, length >> 1, channels]),
    gradFunc: (dy: tf.Tensor) => {
      const dx = new Float32Array(values.length);
      normReluPoolBackward(dy.dataSync() as Float32Array, values, stats, n, length, channels, dx);
      return tf.tensor3d(dx, [n, length, channels]);
    },
  };
}) as (x: tf.Tensor3D) => tf.Tensor3D;

/** The fused op on tensors, [n, L, C] → [n, ⌊L/2⌋, C], differentiable in x. */
export function normReluPool(x: tf.Tensor3D): tf.Tensor3D {
  if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32' || !tf.getKernel(NormReluPoolKernel, 'wasm')) return normReluPoolLoops(x);
  // the statistics are outputs only for the gradient, which saves its own references to them
  return tf.tidy(() => (tf.engine().runKernel(NormReluPoolKernel, { x }) as tf.Tensor[])[0] as tf.Tensor3D);
}
