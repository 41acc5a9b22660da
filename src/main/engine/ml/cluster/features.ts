// Hand-made features for the k-means baselines the deep clustering is compared with: the raw I/Q
// vector, and a spectral / higher-order-statistics vector (|FFT| of the complex baseband plus
// normalised cumulant magnitudes).
import { normalisedCumulantMagnitudes } from '../../dsp/cumulants.ts';
import { fft, fftshift } from '../../dsp/fft.ts';

export interface FeatureMatrix {
  /** n × d, row-major */
  values: Float32Array;
  d: number;
}

/** The vectors as they are stored, [I row, Q row] flattened: d = 2·length. */
export function rawIqFeatures(x: Float32Array, length: number): FeatureMatrix {
  return { values: x, d: 2 * length };
}

/**
 * Per vector: |FFT(I + jQ)| (centred, divided by its Euclidean norm so the scale drops out) and
 * the eight normalised cumulant magnitudes. Each block is centred and scaled to unit total
 * variance, so the 8 cumulants are not drowned by `length` bins; the cumulants are standardised one
 * by one (their scales differ by orders), the bins together (one by one, the many bins that hold
 * only noise would be lifted to the weight of the few that hold the signal).
 */
export function spectralCumulantFeatures(x: Float32Array, length: number): FeatureMatrix {
  const n = x.length / (2 * length);
  const cumulantCount = 8;
  const d = length + cumulantCount;
  const values = new Float32Array(n * d);
  for (let v = 0; v < n; v++) {
    const i = x.subarray(v * 2 * length, v * 2 * length + length);
    const q = x.subarray(v * 2 * length + length, (v + 1) * 2 * length);
    const spectrum = fft(i, q);
    const magnitude = fftshift(spectrum.re.map((re, k) => Math.hypot(re, spectrum.im[k]!)));
    const norm = Math.hypot(...magnitude) || 1;
    for (let k = 0; k < length; k++) values[v * d + k] = magnitude[k]! / norm;
    normalisedCumulantMagnitudes(i, q).forEach((c, k) => (values[v * d + length + k] = c));
  }
  standardiseBlocks(values, d, [
    { from: 0, to: length, perColumn: false },
    { from: length, to: d, perColumn: true },
  ]);
  return { values, d };
}

/**
 * Centres every column in place and scales each block of columns to unit total variance; a
 * perColumn block first scales each of its columns to unit variance.
 */
export function standardiseBlocks(values: Float32Array, d: number, blocks: { from: number; to: number; perColumn: boolean }[]): void {
  const n = values.length / d;
  for (const { from, to, perColumn } of blocks) {
    let blockVariance = 0;
    for (let t = from; t < to; t++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += values[i * d + t]!;
      mean /= n;
      let variance = 0;
      for (let i = 0; i < n; i++) variance += (values[i * d + t]! - mean) ** 2;
      variance /= n;
      const scale = perColumn ? (variance > 0 ? 1 / Math.sqrt(variance) : 0) : 1;
      for (let i = 0; i < n; i++) values[i * d + t] = (values[i * d + t]! - mean) * scale;
      blockVariance += perColumn ? (variance > 0 ? 1 : 0) : variance;
    }
    const weight = blockVariance > 0 ? 1 / Math.sqrt(blockVariance) : 0;
    for (let i = 0; i < n; i++) for (let t = from; t < to; t++) values[i * d + t] = values[i * d + t]! * weight;
  }
}
