// Short-time Fourier magnitude of complex I/Q, for the spectrogram view.
import { fftPlan } from './fft.ts';
import { hannWindow } from './window.ts';
import { shiftedFrequencies } from './psd.ts';

export interface SpectrogramOptions {
  /** window/FFT length in samples (default 64) */
  nfft?: number;
  /** hop between frames in samples (default nfft / 4) */
  hop?: number;
  sampleRateHz?: number;
}

export interface Spectrogram {
  /** frames × bins, row-major; power in dB (fftshifted, power per Hz as in welchPsd) */
  db: Float32Array;
  frames: number;
  bins: number;
  /** frame centre times in seconds (samples when sampleRateHz is 1) */
  timeS: Float64Array;
  freqHz: Float64Array;
}

export function spectrogram(i: ArrayLike<number>, q: ArrayLike<number>, options: SpectrogramOptions = {}): Spectrogram {
  if (i.length !== q.length) throw new RangeError(`spectrogram: I has ${i.length} samples, Q has ${q.length}`);
  const nfft = Math.min(options.nfft ?? 64, i.length);
  const hop = options.hop ?? Math.max(1, Math.floor(nfft / 4));
  const fs = options.sampleRateHz ?? 1;
  if (nfft < 1) throw new RangeError('spectrogram: empty signal');
  if (!Number.isInteger(hop) || hop < 1) throw new RangeError(`spectrogram: hop must be a positive integer, got ${hop}`);
  const frames = Math.floor((i.length - nfft) / hop) + 1;
  const window = hannWindow(nfft);
  let windowEnergy = 0;
  for (let k = 0; k < nfft; k++) windowEnergy += window[k] * window[k];
  const plan = fftPlan(nfft);
  const re = new Float64Array(nfft);
  const im = new Float64Array(nfft);
  const db = new Float32Array(frames * nfft);
  const timeS = new Float64Array(frames);
  const half = Math.floor(nfft / 2);
  for (let f = 0; f < frames; f++) {
    const start = f * hop;
    for (let k = 0; k < nfft; k++) {
      re[k] = i[start + k] * window[k];
      im[k] = q[start + k] * window[k];
    }
    plan.forward(re, im);
    for (let k = 0; k < nfft; k++) {
      const power = (re[k] * re[k] + im[k] * im[k]) / (fs * windowEnergy);
      db[f * nfft + ((k + half) % nfft)] = 10 * Math.log10(Math.max(power, 1e-30));
    }
    timeS[f] = (start + nfft / 2) / fs;
  }
  return { db, frames, bins: nfft, timeS, freqHz: shiftedFrequencies(nfft, fs) };
}
