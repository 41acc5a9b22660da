import { describe, expect, it } from 'vitest';
import { instantaneousAmplitude, instantaneousFrequencyHz, instantaneousPhaseRad } from '../../../../src/main/engine/dsp/instantaneous.ts';

describe('instantaneous features', () => {
  const fs = 8000;
  const f0 = 1500;
  const n = 64;
  const i = Float32Array.from({ length: n }, (_, t) => 2 * Math.cos((2 * Math.PI * f0 * t) / fs + 0.3));
  const q = Float32Array.from({ length: n }, (_, t) => 2 * Math.sin((2 * Math.PI * f0 * t) / fs + 0.3));

  it('amplitude of a tone is its amplitude', () => {
    for (const a of instantaneousAmplitude(i, q)) expect(a).toBeCloseTo(2, 5);
  });

  it('phase is unwrapped: a straight line of slope 2πf/fs', () => {
    const phase = instantaneousPhaseRad(i, q);
    for (let t = 0; t < n; t++) expect(phase[t]).toBeCloseTo(0.3 + (2 * Math.PI * f0 * t) / fs, 4);
  });

  it('unwraps a falling phase too', () => {
    const neg = Float32Array.from(q, (v) => -v);
    const phase = instantaneousPhaseRad(i, neg);
    for (let t = 0; t < n; t++) expect(phase[t]).toBeCloseTo(-0.3 - (2 * Math.PI * f0 * t) / fs, 4);
  });

  it('frequency of a tone is its frequency in Hz', () => {
    const f = instantaneousFrequencyHz(i, q, fs);
    expect(f.length).toBe(n - 1);
    for (const v of f) expect(v).toBeCloseTo(f0, 1);
  });
});
