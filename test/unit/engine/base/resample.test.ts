import { describe, expect, it } from 'vitest';
import { welchPsd } from '../../../../src/main/engine/dsp/psd.ts';
import { resampleBlock, resampleHalfWidth, shiftFrequency } from '../../../../src/main/engine/base/resample.ts';

function tone(n: number, cyclesPerSample: number, amplitude = 1): { i: Float32Array; q: Float32Array } {
  const i = new Float32Array(n);
  const q = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    i[k] = amplitude * Math.cos(2 * Math.PI * cyclesPerSample * k);
    q[k] = amplitude * Math.sin(2 * Math.PI * cyclesPerSample * k);
  }
  return { i, q };
}

function peakFrequency(i: Float32Array, q: Float32Array, nfft: number): { freq: number; bin: number } {
  const s = welchPsd(i, q, { nfft });
  let best = 0;
  for (let k = 1; k < s.psd.length; k++) if (s.psd[k]! > s.psd[best]!) best = k;
  return { freq: s.freqHz[best]!, bin: s.binWidthHz };
}

describe('shiftFrequency', () => {
  it('moves a tone at f to 0 Hz, and two blocks shifted apart join the whole', () => {
    const { i, q } = tone(4096, 0.173);
    const whole = { i: i.slice(), q: q.slice() };
    shiftFrequency(whole.i, whole.q, 0.173, 0);
    for (let k = 0; k < 4096; k += 511) {
      expect(whole.i[k]).toBeCloseTo(1, 4);
      expect(whole.q[k]).toBeCloseTo(0, 4);
    }
    const a = { i: i.slice(0, 1000), q: q.slice(0, 1000) };
    const b = { i: i.slice(1000), q: q.slice(1000) };
    shiftFrequency(a.i, a.q, 0.173, 0);
    shiftFrequency(b.i, b.q, 0.173, 1000);
    expect(Array.from(b.i.subarray(0, 5))).toEqual(Array.from(whole.i.subarray(1000, 1005)));
  });
});

describe('resampleBlock', () => {
  it('keeps a pass-band tone (unit gain, its frequency scaled by the ratio)', () => {
    const n = 8192;
    const { i, q } = tone(n, 0.05);
    const ratio = 0.4;
    const out = resampleBlock(i, q, 0, { ratio, cutoff: 0.2 }, 100, 2000);
    // away from the block's edges the amplitude is one
    for (let m = 0; m < 2000; m += 97) expect(Math.hypot(out.i[m]!, out.q[m]!)).toBeCloseTo(1, 2);
    const peak = peakFrequency(out.i, out.q, 512);
    expect(Math.abs(peak.freq - 0.05 / ratio)).toBeLessThanOrEqual(peak.bin);
  });

  it('removes a tone above the cutoff (more than 60 dB down)', () => {
    const { i, q } = tone(8192, 0.3);
    const out = resampleBlock(i, q, 0, { ratio: 1, cutoff: 0.1 }, 200, 4000);
    let power = 0;
    for (let m = 0; m < out.i.length; m++) power += out.i[m]! ** 2 + out.q[m]! ** 2;
    expect(10 * Math.log10(power / out.i.length)).toBeLessThan(-60);
  });

  it('computes a block the same whether the input comes whole or cut to the needed margin', () => {
    const { i, q } = tone(5000, 0.02);
    const spec = { ratio: 0.5, cutoff: 0.2 };
    const whole = resampleBlock(i, q, 0, spec, 600, 300);
    const w = resampleHalfWidth(spec);
    const from = Math.floor(600 / 0.5) - w;
    const to = Math.ceil(899 / 0.5) + w + 1;
    const part = resampleBlock(i.subarray(from, to), q.subarray(from, to), from, spec, 600, 300);
    for (let m = 0; m < 300; m++) expect(part.i[m]).toBeCloseTo(whole.i[m]!, 6);
  });

  it('refuses a cutoff above the lower rate\'s Nyquist limit', () => {
    const { i, q } = tone(100, 0.1);
    expect(() => resampleBlock(i, q, 0, { ratio: 0.25, cutoff: 0.2 }, 0, 10)).toThrow(/cutoff must be in \(0, 0.125\]/);
  });
});
