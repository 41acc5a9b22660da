// Welch power spectral density of complex baseband I/Q.
import { fftPlan, fftshift } from './fft.ts';
import { hannWindow } from './window.ts';

export interface WelchOptions {
  /** segment length in samples (any length; default min(256, signal length)) */
  nfft?: number;
  /** fraction of a segment shared with the next one, in [0, 1) (default 0.5) */
  overlap?: number;
  /** sample rate in Hz; frequencies are in Hz and the density in power/Hz (default 1 → cycles/sample) */
  sampleRateHz?: number;
}

export interface PowerSpectrum {
  /** bin centre frequencies in Hz, ascending from −fs/2 (fftshifted) */
  freqHz: Float64Array;
  /** power spectral density in linear units (power per Hz); Σ psd · binWidthHz = mean power */
  psd: Float64Array;
  /** the same density in dB (10·log10, power per Hz) */
  psdDb: Float64Array;
  binWidthHz: number;
  segments: number;
}

/** Hann-windowed Welch PSD; segments shorter than nfft (a short signal) are zero-padded. */
export function welchPsd(i: ArrayLike<number>, q: ArrayLike<number>, options: WelchOptions = {}): PowerSpectrum {
  if (i.length !== q.length) throw new RangeError(`welchPsd: I has ${i.length} samples, Q has ${q.length}`);
  if (i.length === 0) throw new RangeError('welchPsd: empty signal');
  const nfft = options.nfft ?? Math.min(256, i.length);
  const overlap = options.overlap ?? 0.5;
  const fs = options.sampleRateHz ?? 1;
  if (!(overlap >= 0 && overlap < 1)) throw new RangeError(`welchPsd: overlap must be in [0, 1), got ${overlap}`);
  const segmentLength = Math.min(nfft, i.length);
  const hop = Math.max(1, Math.round(segmentLength * (1 - overlap)));
  const window = hannWindow(segmentLength);
  let windowEnergy = 0;
  for (let k = 0; k < segmentLength; k++) windowEnergy += window[k] * window[k];

  const plan = fftPlan(nfft);
  const re = new Float64Array(nfft);
  const im = new Float64Array(nfft);
  const accum = new Float64Array(nfft);
  let segments = 0;
  for (let start = 0; start + segmentLength <= i.length; start += hop) {
    re.fill(0);
    im.fill(0);
    for (let k = 0; k < segmentLength; k++) {
      re[k] = i[start + k] * window[k];
      im[k] = q[start + k] * window[k];
    }
    plan.forward(re, im);
    for (let k = 0; k < nfft; k++) accum[k] += re[k] * re[k] + im[k] * im[k];
    segments++;
  }
  const scale = 1 / (segments * fs * windowEnergy);
  for (let k = 0; k < nfft; k++) accum[k] *= scale;

  const psd = fftshift(accum);
  const psdDb = new Float64Array(nfft);
  for (let k = 0; k < nfft; k++) psdDb[k] = 10 * Math.log10(Math.max(psd[k], 1e-30));
  return { freqHz: shiftedFrequencies(nfft, fs), psd, psdDb, binWidthHz: fs / nfft, segments };
}

/** Bin frequencies of an fftshifted spectrum of n bins at sample rate fs (Hz). */
export function shiftedFrequencies(n: number, fs: number): Float64Array {
  const f = new Float64Array(n);
  const half = Math.floor(n / 2);
  for (let k = 0; k < n; k++) f[k] = ((k - half) * fs) / n;
  return f;
}
