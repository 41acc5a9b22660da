import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDemoProject, demoGeneratorConfig, demoRecipe } from '../../../src/main/engine/demo.ts';
import { openProject } from '../../../src/main/engine/store/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo recipe', () => {
  it('is RML2016.10a: 11 classes × 20 SNRs (−20 … 18 dB), 100 per key, length 128, seed 2016', () => {
    const config = demoGeneratorConfig();
    expect(config.classes).toHaveLength(11);
    expect(config.snrs).toEqual(Array.from({ length: 20 }, (_, k) => -20 + 2 * k));
    expect(config).toMatchObject({ perKey: 100, length: 128, seed: 2016 });
    const { train, val, test } = demoRecipe().split;
    expect(train + val + test).toBeCloseTo(1, 12);
  });
});

describe('createDemoProject', () => {
  it('creates a project with the generated dataset and a stored, stratified split', async () => {
    const path = join(dir, 'demo.amrproj');
    const demo = await createDemoProject(path, { perKey: 10, seed: 5 });
    expect(demo.dataset.count).toBe(11 * 20 * 10);
    expect(demo.dataset.classes).toHaveLength(11);
    expect(demo.splits).toEqual({ train: 1100, val: 220, test: 880 });
    const store = openProject(path);
    try {
      const [info] = store.listDatasets();
      expect(info?.split).toMatchObject({ train: 0.5, val: 0.1, test: 0.4, seed: 5 });
      // stratified: each class × SNR group of 10 splits 5 / 1 / 4
      const testQpsk = store.loadSamples({ datasetId: info!.id, classes: [info!.classes.indexOf('QPSK')], snrMin: 0, snrMax: 0, split: 'test' });
      expect(testQpsk.count).toBe(4);
    } finally {
      store.close();
    }
  });

  it('refuses to overwrite an existing file', async () => {
    const path = join(dir, 'taken.amrproj');
    writeFileSync(path, 'user data');
    await expect(createDemoProject(path, { perKey: 1 })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('removes the half-made file when cancelled', async () => {
    const path = join(dir, 'cancelled.amrproj');
    const controller = new AbortController();
    controller.abort();
    await expect(createDemoProject(path, { perKey: 1, signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(path)).toBe(false);
  });
});
