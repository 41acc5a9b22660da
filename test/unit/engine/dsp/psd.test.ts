import { describe, expect, it } from 'vitest';
import { welchPsd } from '../../../../src/main/engine/dsp/psd.ts';
import { spectrogram } from '../../../../src/main/engine/dsp/spectrogram.ts';
import { createRng } from '../../../../src/main/engine/base/random.ts';

function tone(n: number, freqHz: number, fs: number, amplitude = 1): { i: Float32Array; q: Float32Array } {
  const i = new Float32Array(n);
  const q = new Float32Array(n);
  for (let t = 0; t < n; t++) {
    i[t] = amplitude * Math.cos((2 * Math.PI * freqHz * t) / fs);
    q[t] = amplitude * Math.sin((2 * Math.PI * freqHz * t) / fs);
  }
  return { i, q };
}

describe('welchPsd', () => {
  it.each([12_500, -31_000, 0])('peaks at the tone frequency %d Hz', (freqHz) => {
    const fs = 200e3;
    const { i, q } = tone(4096, freqHz, fs);
    const s = welchPsd(i, q, { nfft: 256, sampleRateHz: fs });
    let peak = 0;
    for (let k = 1; k < s.psd.length; k++) if (s.psd[k] > s.psd[peak]) peak = k;
    expect(Math.abs(s.freqHz[peak] - freqHz)).toBeLessThanOrEqual(s.binWidthHz / 2);
    expect(s.freqHz[0]).toBe(-fs / 2);
    expect(s.segments).toBe(31);
  });

  it('integrates to the mean power (Parseval) and shows white noise flat at its density', () => {
    const rng = createRng(1);
    const n = 32_768;
    const i = Float32Array.from({ length: n }, () => rng.normal() * Math.SQRT1_2 * 0.5);
    const q = Float32Array.from({ length: n }, () => rng.normal() * Math.SQRT1_2 * 0.5);
    const fs = 1000;
    const s = welchPsd(i, q, { nfft: 128, sampleRateHz: fs });
    let integral = 0;
    for (const v of s.psd) integral += v * s.binWidthHz;
    expect(integral).toBeCloseTo(0.25, 2);
    // noise power 0.25 spread over 1000 Hz → −36 dB/Hz in every bin (within the estimate's spread)
    for (const db of s.psdDb) expect(Math.abs(db - 10 * Math.log10(0.25 / fs))).toBeLessThan(1);
  });

  it('zero-pads a signal shorter than nfft', () => {
    const { i, q } = tone(100, 0.25, 1);
    const s = welchPsd(i, q, { nfft: 256 });
    expect(s.psd.length).toBe(256);
    expect(s.segments).toBe(1);
  });
});

describe('spectrogram', () => {
  it('tracks a frequency step over time', () => {
    const fs = 1000;
    const a = tone(512, -200, fs);
    const b = tone(512, 300, fs);
    const i = new Float32Array([...a.i, ...b.i]);
    const q = new Float32Array([...a.q, ...b.q]);
    const s = spectrogram(i, q, { nfft: 64, hop: 32, sampleRateHz: fs });
    expect(s.frames).toBe(31);
    const peakFreq = (frame: number) => {
      let best = 0;
      for (let k = 1; k < s.bins; k++) if (s.db[frame * s.bins + k] > s.db[frame * s.bins + best]) best = k;
      return s.freqHz[best];
    };
    expect(Math.abs(peakFreq(2) + 200)).toBeLessThan(fs / 64);
    expect(Math.abs(peakFreq(28) - 300)).toBeLessThan(fs / 64);
    expect(s.timeS[0]).toBeCloseTo(0.032, 6);
  });
});
