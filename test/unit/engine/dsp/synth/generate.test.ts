import { describe, expect, it } from 'vitest';
import { generateDataset, generationPlan, synthesizeKey, type GeneratorConfig } from '../../../../../src/main/engine/dsp/synth/generate.ts';
import { awgnOnlyChannel } from '../../../../../src/main/engine/dsp/synth/channel.ts';
import { RML2016_CLASSES } from '../../../../../src/main/engine/dsp/synth/presets.ts';
import { AppError } from '../../../../../src/shared/errors.ts';

const base: GeneratorConfig = { preset: 'rml2016', snrs: [-20, 0, 18], perKey: 3, length: 128, seed: 2016 };

function bytes(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

describe('generateDataset', () => {
  it('hands every (class, SNR) key to the sink, class-major, with perKey·2·length values', () => {
    const seen: string[] = [];
    const summary = generateDataset({ ...base, classes: ['QPSK', 'WBFM'] }, (c, snr, vectors) => {
      seen.push(`${c}/${snr}`);
      expect(vectors.length).toBe(3 * 2 * 128);
    });
    expect(seen).toEqual(['QPSK/-20', 'QPSK/0', 'QPSK/18', 'WBFM/-20', 'WBFM/0', 'WBFM/18']);
    expect(summary).toEqual({ keys: 6, vectors: 18 });
  });

  it('defaults to the 11 RML2016.10a classes', () => {
    expect(new Set(generationPlan(base).map((k) => k.className))).toEqual(new Set(RML2016_CLASSES));
    expect(RML2016_CLASSES.length).toBe(11);
  });

  it('same seed → identical bytes; different seed → different bytes', () => {
    const collect = (seed: number) => {
      const parts: Buffer[] = [];
      generateDataset({ ...base, seed }, (_c, _s, v) => parts.push(bytes(v)));
      return Buffer.concat(parts);
    };
    const a = collect(7);
    expect(a.equals(collect(7))).toBe(true);
    expect(a.equals(collect(8))).toBe(false);
  });

  it("a key's vectors do not depend on which other classes or SNRs are generated", () => {
    const alone = synthesizeKey({ ...base, classes: ['QAM16'], snrs: [4] }, 'QAM16', 4);
    let inFull: Float32Array | null = null;
    generateDataset({ ...base, snrs: [2, 4, 6] }, (c, snr, v) => {
      if (c === 'QAM16' && snr === 4) inFull = v;
    });
    expect(inFull).not.toBeNull();
    expect(bytes(alone).equals(bytes(inFull!))).toBe(true);
  });

  it('normalises each vector like RML2016: Σ|x[n]| = 1 (the values come out near ±0.01)', () => {
    const v = synthesizeKey({ ...base, perKey: 10 }, '8PSK', 0);
    for (let k = 0; k < 10; k++) {
      let sum = 0;
      for (let n = 0; n < 128; n++) sum += Math.hypot(v[k * 256 + n], v[k * 256 + 128 + n]);
      expect(sum).toBeCloseTo(1, 5);
    }
  });

  it("'unit-power' normalisation gives mean |x|² = 1 (RML2018 convention), with length 1024", () => {
    const v = synthesizeKey({ ...base, length: 1024, perKey: 2, normalisation: 'unit-power' }, 'GFSK', 10);
    for (let k = 0; k < 2; k++) {
      let p = 0;
      for (let n = 0; n < 1024; n++) p += v[k * 2048 + n] ** 2 + v[k * 2048 + 1024 + n] ** 2;
      expect(p / 1024).toBeCloseTo(1, 4);
    }
  });

  it('rejects bad configs with VALIDATION errors that name the problem', () => {
    const fails = (config: GeneratorConfig, text: RegExp) => {
      let err: unknown;
      try {
        generationPlan(config);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('VALIDATION');
      expect((err as AppError).message).toMatch(text);
    };
    fails({ ...base, classes: ['QPSK', 'OOK'] }, /OOK/);
    fails({ ...base, perKey: 0 }, /perKey/);
    fails({ ...base, length: 100.5 }, /length/);
    fails({ ...base, snrs: [] }, /SNR/);
    fails({ ...base, classes: ['BPSK', 'BPSK'] }, /repeat/);
    fails({ ...base, preset: 'rml1999' as 'rml2016' }, /rml1999/);
    fails({ ...base, channel: { pathDelaysSamples: [0, 1] } }, /2 path delays but 3 path magnitudes/);
    fails({ ...base, channel: { cfoMaxHz: -1 } }, /≥ 0/);
  });

  it.each([
    ['per-sample', 5],
    ['rml2016-amplitude', 10],
  ] as const)("SNR convention '%s': a 5 dB label gives %i dB on a unit-envelope signal", (snrConvention, trueSnr) => {
    // CPFSK has |s| = 1, so the received power is 1 + σ² and σ² = 10^(−SNR/10)
    const config: GeneratorConfig = { ...base, snrs: [5], perKey: 50, length: 1024, normalisation: 'none', channel: awgnOnlyChannel, snrConvention };
    const v = synthesizeKey(config, 'CPFSK', 5);
    let p = 0;
    for (const x of v) p += x * x;
    p /= v.length / 2;
    expect(Math.abs(-10 * Math.log10(p - 1) - trueSnr)).toBeLessThan(0.3);
  });

  it('keeps every value finite at every SNR and class', () => {
    generateDataset({ ...base, snrs: [-20, 18], perKey: 2 }, (c, _snr, v) => {
      for (const x of v) if (!Number.isFinite(x)) throw new Error(`${c}: non-finite value`);
    });
  });
});
