// The dataset's energy convention, and putting a new signal back on it. RML2016 scales every
// vector to Σ|x[n]| = 1 (an L1 norm of the complex samples), RML2018 to mean |x[n]|² = 1; other
// data carry whatever power they were captured with. A mixed or impaired signal is rescaled so
// that it carries the energy its parents carry, measured the dataset's way: on a normalised
// dataset that is the convention itself, elsewhere it keeps the parents' level.

/** 'l1': the measure is Σ|x[n]|; 'power': the measure is mean |x[n]|². */
export type EnergyConvention = 'l1' | 'power';

/** The convention's measure of the sample at `offset` (floats) of a [n][2][length] array. */
export function energyOf(x: Float32Array, offset: number, length: number, convention: EnergyConvention): number {
  let sum = 0;
  for (let n = 0; n < length; n++) {
    const re = x[offset + n]!;
    const im = x[offset + length + n]!;
    sum += convention === 'l1' ? Math.sqrt(re * re + im * im) : re * re + im * im;
  }
  return convention === 'l1' ? sum : sum / length;
}

/** Scales one [2][length] signal in place so that its measure equals `target`. */
export function renormalise(signal: Float32Array, length: number, convention: EnergyConvention, target: number): void {
  const current = energyOf(signal, 0, length, convention);
  if (!(current > 0) || !(target > 0)) return;
  const scale = convention === 'l1' ? target / current : Math.sqrt(target / current);
  for (let k = 0; k < 2 * length; k++) signal[k] = signal[k]! * scale;
}

/** Relative spread below which a measure counts as fixed by the dataset (float32 rounding is ~1e-7). */
const FIXED_SPREAD = 1e-3;

/**
 * Which measure the dataset holds fixed, from up to `probe` of its samples: 'l1' when every
 * Σ|x| is the same, otherwise 'power' (fixed on RML2018-style data, a level to keep elsewhere).
 */
export function detectEnergyConvention(x: Float32Array, count: number, length: number, probe = 256): EnergyConvention {
  const step = Math.max(1, Math.floor(count / probe));
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (let k = 0; k < count; k += step) {
    const e = energyOf(x, k * 2 * length, length, 'l1');
    if (e < min) min = e;
    if (e > max) max = e;
  }
  return count > 1 && max > 0 && (max - min) / max < FIXED_SPREAD ? 'l1' : 'power';
}
