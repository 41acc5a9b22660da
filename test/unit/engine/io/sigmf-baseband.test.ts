// The SigMF importer turns annotated bursts into training windows at baseband, and windows where
// labelled annotations overlap follow the chosen policy, with the count reported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { welchPsd } from '../../../../src/main/engine/dsp/psd.ts';
import { estimateSnrDb } from '../../../../src/main/engine/dsp/snr.ts';
import { sigmfImporter } from '../../../../src/main/engine/io/sigmf.ts';
import { CollectingWriter } from './collecting-writer.ts';
import { importInto } from './import-helpers.ts';
import { writeRecording } from './sigmf-fixture.ts';

const fs = 1e6;
const centre = 915e6;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'amr-sigmf-bb-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** cf32_le bytes of QPSK (8 samples a symbol, seeded symbols) at `offset` cycles/sample, times `amplitude`. */
function qpskBytes(samples: number, offset: number, seed: number, amplitude = 1, from = 0, to = samples): Float32Array {
  const iq = new Float32Array(2 * samples);
  let state = seed;
  let sym = [1, 1];
  for (let n = from; n < to; n++) {
    if ((n - from) % 8 === 0) {
      state = (state * 1103515245 + 12345) % 2147483648;
      sym = [state & 1 ? 1 : -1, state & 2 ? 1 : -1];
    }
    const phase = 2 * Math.PI * offset * n;
    const [a, b] = [(amplitude * sym[0]!) / Math.SQRT2, (amplitude * sym[1]!) / Math.SQRT2];
    iq[2 * n] = a * Math.cos(phase) - b * Math.sin(phase);
    iq[2 * n + 1] = a * Math.sin(phase) + b * Math.cos(phase);
  }
  return iq;
}

function meta(annotations: Record<string, unknown>[]): Record<string, unknown> {
  return {
    global: { 'core:datatype': 'cf32_le', 'core:sample_rate': fs, 'core:version': '1.0.0' },
    captures: [{ 'core:sample_start': 0, 'core:frequency': centre }],
    annotations,
  };
}

/** Frequency (Hz) of the strongest bin of the windows' mean spectrum, and the bin width. */
function spectrumPeak(writer: CollectingWriter): { freq: number; bin: number } {
  const L = writer.length;
  const data = writer.data();
  let sum: Float64Array | null = null;
  let freqs: ArrayLike<number> = [];
  let bin = 0;
  for (let k = 0; k < writer.meta.length; k++) {
    const x = data.subarray(k * 2 * L, (k + 1) * 2 * L);
    const s = welchPsd(x.subarray(0, L), x.subarray(L), { nfft: 64, sampleRateHz: fs });
    sum ??= new Float64Array(s.psd.length);
    for (let j = 0; j < s.psd.length; j++) sum[j]! += s.psd[j]!;
    freqs = s.freqHz;
    bin = s.binWidthHz;
  }
  let best = 0;
  for (let j = 1; j < sum!.length; j++) if (sum![j]! > sum![best]!) best = j;
  return { freq: freqs[best]!, bin };
}

describe('SigMF bursts to training windows', () => {
  it('moves a QPSK burst annotated at −250 kHz to 0 Hz (spectrum peak within one bin); without baseband it stays', async () => {
    const samples = 4096;
    const iq = qpskBytes(samples, -0.25, 7);
    // the burst occupies ±(symbol rate 125 kHz) around its centre −250 kHz
    const path = writeRecording(dir, 'offset', meta([
      { 'core:sample_start': 0, 'core:sample_count': samples, 'core:label': 'QPSK', 'core:freq_lower_edge': centre - 250e3 - 70e3, 'core:freq_upper_edge': centre - 250e3 + 70e3 },
    ]), Buffer.from(iq.buffer));

    const shifted = await importInto(sigmfImporter, path, { windowLength: 256 });
    expect(shifted.writer.meta).toHaveLength(16);
    const atBaseband = spectrumPeak(shifted.writer);
    expect(Math.abs(atBaseband.freq)).toBeLessThanOrEqual(atBaseband.bin);

    const left = await importInto(sigmfImporter, path, { windowLength: 256, baseband: false });
    const inPlace = spectrumPeak(left.writer);
    expect(Math.abs(inPlace.freq - -250e3)).toBeLessThanOrEqual(inPlace.bin);
  });

  describe('overlapping annotations', () => {
    // a weak BPSK-labelled burst over [0, 1024) and a strong QPSK one over [768, 2048): with
    // 128-sample windows, two windows of each fall in the shared stretch
    let path: string;
    beforeAll(() => {
      const samples = 2048;
      const weak = qpskBytes(samples, 0, 1, 0.1, 0, 1024);
      const strong = qpskBytes(samples, 0, 2, 1, 768, 2048);
      const iq = weak.map((v, k) => v + strong[k]!);
      path = writeRecording(dir, 'overlap', meta([
        { 'core:sample_start': 0, 'core:sample_count': 1024, 'core:label': 'BPSK' },
        { 'core:sample_start': 768, 'core:sample_count': 1280, 'core:label': 'QPSK' },
      ]), Buffer.from(iq.buffer));
    });

    const counts = (w: CollectingWriter) => w.classes.map((c, k) => [c, w.meta.filter((m) => m.classIndex === k).length]);

    it('keeps them under both labels, with a warning, by default', async () => {
      const { writer, report } = await importInto(sigmfImporter, path, {});
      expect(counts(writer)).toEqual([['BPSK', 8], ['QPSK', 10]]);
      expect(report.samples).toBe(18);
      expect(report.warnings.join('\n')).toMatch(/4 windows fall where labelled annotations overlap: kept under each label/);
    });

    it('skips them', async () => {
      const { writer, report } = await importInto(sigmfImporter, path, { overlap: 'skip' });
      expect(counts(writer)).toEqual([['BPSK', 6], ['QPSK', 8]]);
      expect(writer.meta.some((m) => m.sourceOffset >= 768 && m.sourceOffset < 1024)).toBe(false);
      expect(report.warnings.join('\n')).toMatch(/4 windows .* skipped \(4 left out\)/);
    });

    it('keeps them for the stronger signal only', async () => {
      const { writer, report } = await importInto(sigmfImporter, path, { overlap: 'stronger' });
      expect(counts(writer)).toEqual([['BPSK', 6], ['QPSK', 10]]);
      expect(report.samples).toBe(16);
      expect(report.warnings.join('\n')).toMatch(/kept for the stronger signal only \(2 left out\)/);
    });
  });

  it('gives each window a blind SNR estimate, rounded to 2 dB, when the caller passes the estimator', async () => {
    const samples = 8192;
    const iq = qpskBytes(samples, 0.1, 11);
    // seeded white noise 10 dB below the unit-power burst
    let state = 99;
    const uniform = () => ((state = (state * 1103515245 + 12345) % 2147483648) + 1) / 2147483649;
    for (let k = 0; k < iq.length; k += 2) {
      const r = Math.sqrt(-2 * Math.log(uniform())) * Math.sqrt(0.05);
      const t = 2 * Math.PI * uniform();
      iq[k]! += r * Math.cos(t);
      iq[k + 1]! += r * Math.sin(t);
    }
    const path = writeRecording(dir, 'noisy', meta([
      { 'core:sample_start': 0, 'core:sample_count': samples, 'core:label': 'QPSK', 'core:freq_lower_edge': centre + 100e3 - 70e3, 'core:freq_upper_edge': centre + 100e3 + 70e3 },
    ]), Buffer.from(iq.buffer));
    const estimate = (w: Float32Array) => estimateSnrDb(w.subarray(0, w.length / 2), w.subarray(w.length / 2)).snrDb;
    const run = async (options: Record<string, unknown>, withEstimator: boolean) => {
      const plan = await sigmfImporter.inspect(path, { options });
      const writer = new CollectingWriter(plan.length);
      await sigmfImporter.run(path, writer, { options, ...(withEstimator ? { estimateSnrDb: estimate } : {}) });
      return writer.meta.map((m) => m.snr);
    };
    const snrs = await run({ windowLength: 1024 }, true);
    expect(snrs).toHaveLength(8);
    for (const snr of snrs) {
      expect(snr! % 2).toBe(0);
      expect(Math.abs(snr! - 10)).toBeLessThanOrEqual(2);
    }
    expect(await run({ windowLength: 1024 }, false)).toEqual(Array(8).fill(null));
    expect(await run({ windowLength: 1024, estimateSnr: false }, true)).toEqual(Array(8).fill(null));
  });
});
