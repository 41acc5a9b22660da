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
 * the eight normalised cumulant magnitudes. Each column is standardised over the set, then each
 * block is weighted to unit total variance, so the 8 cumulants are not drowned by `length` bins.
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
  standardiseColumns(values, d, [
    { from: 0, to: length },
    { from: length, to: d },
  ]);
  return { values, d };
}

/** z-scores every column in place, then scales each block of columns to unit total variance. */
export function standardiseColumns(values: Float32Array, d: number, blocks: { from: number; to: number }[]): void {
  const n = values.length / d;
  for (const { from, to } of blocks) {
    const weight = 1 / Math.sqrt(to - from);
    for (let t = from; t < to; t++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += values[i * d + t]!;
      mean /= n;
      let variance = 0;
      for (let i = 0; i < n; i++) variance += (values[i * d + t]! - mean) ** 2;
      const std = Math.sqrt(variance / n);
      for (let i = 0; i < n; i++) values[i * d + t] = std > 0 ? ((values[i * d + t]! - mean) / std) * weight : 0;
    }
  }
}
