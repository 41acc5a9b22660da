import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generatorConfigHash, writeGeneratedDataset } from '../../../../../src/main/engine/dsp/synth/write.ts';
import { synthesizeKey, type GeneratorConfig } from '../../../../../src/main/engine/dsp/synth/generate.ts';
import { openProject } from '../../../../../src/main/engine/store/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-synth-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config: GeneratorConfig = { preset: 'rml2016', classes: ['QPSK', 'AM-DSB', 'BPSK'], snrs: [-4, 10], perKey: 6, length: 128, seed: 77 };

describe('writeGeneratedDataset', () => {
  it('writes every key into a real project in one dataset, readable back byte for byte', async () => {
    const store = openProject(join(dir, 'a.amrproj'), { create: true });
    try {
      const progress: number[] = [];
      const info = await writeGeneratedDataset(store, config, { name: 'synthetic test', onProgress: (done, total) => progress.push(done / total) });
      expect(info).toMatchObject({ name: 'synthetic test', kind: 'generated', format: 'synthetic', sourcePath: null, length: 128, count: 36 });
      expect(info.classes).toEqual(['QPSK', 'AM-DSB', 'BPSK']);
      expect(info.snrs).toEqual([-4, 10]);
      expect(info.sourceHash).toBe(generatorConfigHash(config));
      expect(info.params).toMatchObject({ seed: 77, perKey: 6, normalisation: 'rml-l1' });
      expect(progress.at(-1)).toBe(1);
      expect(progress).toHaveLength(6);

      const loaded = store.loadSamples({ datasetId: info.id, classes: [1], snrMin: 10, snrMax: 10 });
      expect(loaded.count).toBe(6);
      const expected = synthesizeKey(config, 'AM-DSB', 10);
      expect(Buffer.from(loaded.x.buffer, loaded.x.byteOffset, loaded.x.byteLength).equals(Buffer.from(expected.buffer))).toBe(true);
      expect(Array.from(loaded.y)).toEqual(new Array(6).fill(1));
    } finally {
      store.close();
    }
  });

  it('the hash follows the config: another seed is another dataset', () => {
    expect(generatorConfigHash({ ...config, seed: 78 })).not.toBe(generatorConfigHash(config));
    expect(generatorConfigHash({ ...config })).toBe(generatorConfigHash(config));
  });

  it('a cancelled generation leaves the project unchanged', async () => {
    const store = openProject(join(dir, 'b.amrproj'), { create: true });
    try {
      const controller = new AbortController();
      const run = writeGeneratedDataset(store, config, {
        signal: controller.signal,
        onProgress: (done) => {
          if (done >= 12) controller.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(store.listDatasets()).toEqual([]);
      // the connection is usable again afterwards
      const info = await writeGeneratedDataset(store, { ...config, perKey: 1 });
      expect(info.count).toBe(6);
    } finally {
      store.close();
    }
  });

  it('a bad config fails before anything is written', async () => {
    const store = openProject(join(dir, 'c.amrproj'), { create: true });
    try {
      await expect(writeGeneratedDataset(store, { ...config, classes: ['NOPE'] })).rejects.toMatchObject({ code: 'VALIDATION' });
      expect(store.listDatasets()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
