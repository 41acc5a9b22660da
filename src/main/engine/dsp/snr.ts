// Power and signal-to-noise ratio. SNR throughout AMR Studio is the per-sample power ratio
// over the full sampled band: 10·log10(E|s[n]|² / E|w[n]|²), as RadioML labels its vectors.
import { welchPsd } from './psd.ts';

/** Mean of |x[n]|² over all samples. */
export function meanPower(i: ArrayLike<number>, q: ArrayLike<number>): number {
  let sum = 0;
  for (let n = 0; n < i.length; n++) sum += i[n] * i[n] + q[n] * q[n];
  return i.length > 0 ? sum / i.length : 0;
}

/** 10·log10(P_signal / P_noise) for a known signal and noise (dB). */
export function powerRatioDb(signalPower: number, noisePower: number): number {
  return 10 * Math.log10(signalPower / noisePower);
}

export interface SnrEstimate {
  snrDb: number;
  /** estimated noise power per sample (same units as |x|²) */
  noisePower: number;
  /** estimated signal power per sample */
  signalPower: number;
}

/**
 * Blind SNR estimate from the Welch spectrum: the noise density is the median bin (white noise
 * fills the whole band, so the median is a noise-only bin whenever the signal occupies less than
 * half of the band — true for oversampled signals such as 8 samples/symbol), noise power is that
 * density times the band, signal power is the rest. Needs a few thousand samples for ±0.5 dB.
 */
export function estimateSnrDb(i: ArrayLike<number>, q: ArrayLike<number>, nfft = 128): SnrEstimate {
  const spectrum = welchPsd(i, q, { nfft: Math.min(nfft, i.length) });
  const sorted = Float64Array.from(spectrum.psd).sort();
  const mid = sorted.length >> 1;
  const medianDensity = sorted.length % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
  const total = meanPower(i, q);
  const noisePower = Math.min(total, medianDensity * spectrum.psd.length * spectrum.binWidthHz);
  const signalPower = Math.max(total - noisePower, 1e-30 * total);
  return { snrDb: powerRatioDb(signalPower, noisePower), noisePower, signalPower };
}
