import { describe, expect, it } from 'vitest';
import { synthesizeKey, type GeneratorConfig } from '../../../../../src/main/engine/dsp/synth/generate.ts';
import { awgnOnlyChannel } from '../../../../../src/main/engine/dsp/synth/channel.ts';
import { rml2018Constellations } from '../../../../../src/main/engine/dsp/synth/constellations.ts';
import { RML2018_CLASSES, RML2018_SNRS } from '../../../../../src/main/engine/dsp/synth/presets.ts';
import { SAMPLE_RATE_HZ } from '../../../../../src/main/engine/dsp/synth/baseband.ts';
import { instantaneousAmplitude, instantaneousFrequencyHz } from '../../../../../src/main/engine/dsp/instantaneous.ts';

const clean: GeneratorConfig = { preset: 'rml2018', snrs: [0], perKey: 6, length: 1024, seed: 18, channel: { ...awgnOnlyChannel, noise: false }, normalisation: 'none' };

function vectorsOf(className: string): Array<{ i: Float32Array; q: Float32Array }> {
  const data = synthesizeKey(clean, className, 0);
  return Array.from({ length: clean.perKey }, (_, k) => ({ i: data.subarray(k * 2048, k * 2048 + 1024), q: data.subarray(k * 2048 + 1024, (k + 1) * 2048) }));
}

describe('rml2018 preset', () => {
  it('has the 24 classes in the true one-hot order and SNRs −20 … 30', () => {
    expect(RML2018_CLASSES).toHaveLength(24);
    expect(RML2018_CLASSES[0]).toBe('OOK');
    expect(RML2018_CLASSES[23]).toBe('OQPSK');
    expect(RML2018_SNRS.at(-1)).toBe(30);
  });

  it('generates every class as finite unit-power vectors of 1024 (the RML2018 normalisation)', () => {
    for (const c of RML2018_CLASSES) {
      const v = synthesizeKey({ preset: 'rml2018', snrs: [10], perKey: 1, length: 1024, seed: 1 }, c, 10);
      let p = 0;
      for (const x of v) {
        expect(Number.isFinite(x)).toBe(true);
        p += x * x;
      }
      expect(p / 1024).toBeCloseTo(1, 4);
    }
  });

  it.each(Object.entries(rml2018Constellations))('%s: 2^b distinct points with unit average power', (name, c) => {
    const m = c.re.length;
    const named: Record<string, number> = { OOK: 2, BPSK: 2, QPSK: 4 };
    expect(m).toBe(named[name] ?? Number(name.match(/\d+/)?.[0]));
    const seen = new Set<string>();
    let power = 0;
    for (let k = 0; k < m; k++) {
      power += c.re[k] ** 2 + c.im[k] ** 2;
      seen.add(`${c.re[k].toFixed(6)},${c.im[k].toFixed(6)}`);
    }
    expect(seen.size).toBe(m);
    expect(power / m).toBeCloseTo(1, 12);
  });

  it('32QAM is the 6×6 grid without its corners', () => {
    const c = rml2018Constellations['32QAM'];
    const scale = Math.max(...c.re);
    const levels = new Set(Array.from(c.re, (v) => Math.round((5 * v) / scale)));
    expect([...levels].sort((a, b) => a - b)).toEqual([-5, -3, -1, 1, 3, 5]);
    for (let k = 0; k < 32; k++) expect(Math.abs(c.re[k]) === scale && Math.abs(c.im[k]) === scale).toBe(false);
  });

  it('16APSK rings have the DVB-S2 radius ratio 2.85', () => {
    const c = rml2018Constellations['16APSK'];
    const radii = Array.from(c.re, (v, k) => Math.hypot(v, c.im[k])).sort((a, b) => a - b);
    expect(radii[15] / radii[0]).toBeCloseTo(2.85, 9);
  });

  it('GMSK has a constant envelope and at most ±fs/32 (h = 0.5) of frequency deviation', () => {
    let largest = 0;
    for (const v of vectorsOf('GMSK')) {
      for (const a of instantaneousAmplitude(v.i, v.q)) expect(a).toBeCloseTo(1, 4);
      for (const f of instantaneousFrequencyHz(v.i, v.q, SAMPLE_RATE_HZ)) largest = Math.max(largest, Math.abs(f));
    }
    expect(largest).toBeLessThanOrEqual(SAMPLE_RATE_HZ / 32 + 1);
    expect(largest).toBeGreaterThan(0.9 * (SAMPLE_RATE_HZ / 32));
  });

  it('OQPSK avoids the envelope nulls of QPSK (I and Q never switch together)', () => {
    const nearZero = (className: string) => {
      let low = 0;
      let total = 0;
      for (const v of vectorsOf(className)) {
        const a = instantaneousAmplitude(v.i, v.q);
        const rms = Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
        for (const x of a) if (x < 0.15 * rms) low++;
        total += a.length;
      }
      return low / total;
    };
    expect(nearZero('OOK')).toBeGreaterThan(0.05);
    expect(nearZero('OQPSK')).toBeLessThan(nearZero('QPSK') / 3);
  });

  it('AM-DSB-SC is real and zero-mean; AM-DSB-WC keeps its carrier', () => {
    let sc = 0;
    let wc = 0;
    for (const v of vectorsOf('AM-DSB-SC')) for (let n = 0; n < 1024; n++) sc += v.i[n] / 1024;
    for (const v of vectorsOf('AM-DSB-WC')) for (let n = 0; n < 1024; n++) wc += v.i[n] / 1024;
    expect(Math.abs(sc / 6)).toBeLessThan(0.2);
    expect(wc / 6).toBeGreaterThan(0.9);
  });
});
