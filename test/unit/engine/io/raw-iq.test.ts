import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawIqImporter } from '../../../../src/main/engine/io/raw-iq.ts';
import { failure, importInto } from './import-helpers.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'amr-raw-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importWith(path: string, options: Record<string, unknown>) {
  const progress: number[] = [];
  const run = await importInto(rawIqImporter, path, options, (p) => progress.push(p.done / p.total));
  return { ...run, progress };
}

describe('raw I/Q importer', () => {
  it('cu8 samples centred and scaled, cut into labelled windows with hop', async () => {
    const path = join(dir, 'capture.bin');
    const samples = 100;
    const buf = Buffer.alloc(2 * samples);
    for (let s = 0; s < samples; s++) {
      buf[2 * s] = s + 28; // I = (s + 28 - 128) / 128
      buf[2 * s + 1] = 228 - s;
    }
    writeFileSync(path, buf);
    const { plan, writer, progress } = await importWith(path, {
      datatype: 'cu8',
      sampleRate: '2.4e6',
      windowLength: 16,
      hop: 8,
      label: 'FM',
      snr: 12,
    });
    expect(plan.params).toMatchObject({ datatype: 'cu8', sampleRate: 2.4e6, samples: 100 });
    // starts 0, 8, …, 80 (80 + 16 = 96 ≤ 100)
    expect(writer.meta.map((m) => m.sourceOffset)).toEqual(Array.from({ length: 11 }, (_, k) => 8 * k));
    expect(writer.classes).toEqual(['FM']);
    expect(writer.meta.every((m) => m.classIndex === 0 && m.snr === 12)).toBe(true);
    const x = writer.data();
    for (const [k, j] of [[0, 0], [3, 5], [10, 15]]) {
      const s = 8 * k + j;
      expect(x[k * 32 + j]).toBeCloseTo((s + 28 - 128) / 128, 7);
      expect(x[k * 32 + 16 + j]).toBeCloseTo((228 - s - 128) / 128, 7);
    }
    expect(progress.at(-1)).toBe(1);
  });

  it('takes the datatype from a conventional extension and skips header bytes', async () => {
    const path = join(dir, 'capture.ci16');
    const samples = 64;
    const buf = Buffer.alloc(8 + 4 * samples, 0xff);
    for (let s = 0; s < samples; s++) {
      buf.writeInt16LE(100 * s, 8 + 4 * s);
      buf.writeInt16LE(-100 * s, 8 + 4 * s + 2);
    }
    writeFileSync(path, buf);
    expect(rawIqImporter.detect(path, buf)).toBe(true);
    const { writer, plan } = await importWith(path, { windowLength: 32, headerBytes: 8, scaleIntegers: 'false' });
    expect(plan.params.datatype).toBe('ci16_le');
    expect(writer.count).toBe(2);
    expect(writer.meta.every((m) => m.classIndex === -1)).toBe(true);
    const x = writer.data();
    expect(x[1]).toBe(100);
    expect(x[32 + 1]).toBe(-100);
    expect(x[64 + 31]).toBe(6300);
  });

  describe('bad input names the file and the problem', () => {
    it('a size that is not a whole number of samples', async () => {
      const path = join(dir, 'odd.iq');
      writeFileSync(path, Buffer.alloc(8 * 200 + 3));
      const err = await failure(rawIqImporter.inspect(path, { options: { datatype: 'cf32_le' } }));
      expect(err.code).toBe('BAD_FILE');
      expect(err.message).toContain(`${path}: size 1603 bytes does not fit datatype cf32_le`);
    });

    it('no datatype for an extension that does not imply one', async () => {
      const path = join(dir, 'plain.iq');
      writeFileSync(path, Buffer.alloc(1024));
      const err = await failure(rawIqImporter.inspect(path, {}));
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toContain(`${path}: raw I/Q needs a datatype`);
    });

    it('an unknown datatype', async () => {
      const path = join(dir, 'plain2.iq');
      writeFileSync(path, Buffer.alloc(1024));
      const err = await failure(rawIqImporter.inspect(path, { options: { datatype: 'cf24_le' } }));
      expect(err.message).toContain(`${path}: unknown datatype 'cf24_le'`);
    });

    it('fewer samples than one window', async () => {
      const path = join(dir, 'tiny.cf32');
      writeFileSync(path, Buffer.alloc(8 * 10));
      const err = await failure(rawIqImporter.inspect(path, {}));
      expect(err.message).toContain(`${path}: holds 10 samples, fewer than one window of 128`);
    });

    it('a hop that would store the same samples many times over, refused before any window is listed unless the cap is raised', async () => {
      const small = join(dir, 'overlap.cf32');
      writeFileSync(small, Buffer.alloc(8 * 512)); // 4,096 bytes; hop 1 gives 385 windows of 1,024 bytes: 96×
      const err = await failure(importInto(rawIqImporter, small, { hop: 1 }));
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toContain(`${small}: the windows would store 394240 bytes from 4096 recorded bytes, 96×`);
      expect(err.message).toContain('raise --max-expansion');
      const raised = await importInto(rawIqImporter, small, { hop: 1, maxExpansion: 100 });
      expect(raised.report.samples).toBe(385);

      // 64 MB (sparse) with hop 1 and 1,024-sample windows: 8.4 million windows, 68 GB.
      const large = join(dir, 'overlap-large.cf32');
      const file = openSync(large, 'w');
      ftruncateSync(file, 64 << 20);
      closeSync(file);
      const started = performance.now();
      const bomb = await failure(rawIqImporter.inspect(large, { options: { hop: 1, windowLength: 1024 } }));
      expect(bomb.message).toMatch(/would store 68711096320 bytes from 67108864 recorded bytes, 1024× .* more than the allowed 64×/);
      expect(performance.now() - started).toBeLessThan(1000);
    });
  });
});
