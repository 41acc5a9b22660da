import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import type { JobContext } from '../../../../src/main/engine/jobs/context.ts';
import { runAugmentJob } from '../../../../src/main/engine/jobs/kinds/augment.ts';
import { energyOf } from '../../../../src/main/engine/ml/augment/energy.ts';
import { openProject, type ProjectStore } from '../../../../src/main/engine/store/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-augment-job-'));
let store: ProjectStore;
let parentId = 0;

beforeAll(async () => {
  store = openProject(join(dir, 'p.amrproj'), { create: true });
  parentId = (await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK', 'GFSK'], snrs: [0, 18], perKey: 20, length: 64, seed: 3 })).id;
  store.assignSplits(parentId, { train: 0.6, val: 0.2, test: 0.2, seed: 1 });
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function context(signal = new AbortController().signal): JobContext & { phases: string[] } {
  const phases: string[] = [];
  return { store, jobId: 0, signal, phases, progress: (phase) => phases.push(phase), log: () => {} };
}

function digest(datasetId: number, split?: 'train' | 'val' | 'test'): string {
  const all = store.loadSamples({ datasetId, ...(split ? { split } : {}) });
  return createHash('sha256').update(Buffer.from(all.x.buffer)).update(Buffer.from(all.y.buffer)).digest('hex');
}

describe('the augment job', () => {
  it('writes a derived dataset: the parent copied with its splits, perSample new training signals each, lineage in its params', async () => {
    const parentBefore = digest(parentId);
    const parent = store.getDataset(parentId);
    const trainCount = store.pageSamples({ datasetId: parentId, split: 'train' }, { offset: 0, limit: 0 }).total;
    const ctx = context();
    const result = await runAugmentJob(ctx, { datasetId: parentId, spec: { mix: { method: 'msm', pool: 8 }, perSample: 2 }, seed: 5 });
    const derived = store.getDataset(result.datasetId as number);
    expect(derived).toMatchObject({ kind: 'augmented', format: 'augmented', classes: parent.classes, count: parent.count + 2 * trainCount, split: parent.split });
    expect(derived.params).toMatchObject({ parentDatasetId: parentId, parentHash: parent.sourceHash, seed: 5, method: 'MSM, exchange 0.5, pool 8, band 0.1, same SNR', convention: 'l1' });
    expect(result).toMatchObject({ originals: parent.count, augmented: 2 * trainCount, unmixed: 0 });
    // the held-out splits are the parent's, signal for signal; every new signal is for training
    for (const split of ['val', 'test'] as const) expect(digest(derived.id, split)).toBe(digest(parentId, split));
    const derivedTrain = store.loadSamples({ datasetId: derived.id, split: 'train' });
    expect(derivedTrain.count).toBe(3 * trainCount);
    // each new signal keeps its original's class and SNR and the dataset's Σ|x| = 1
    const rows = store.pageSamples({ datasetId: derived.id }, { offset: parent.count, limit: 1000 }).rows;
    for (const row of rows) {
      const source = store.getSample(row.sourceOffset);
      expect(source.datasetId).toBe(parentId);
      expect(row.classIndex).toBe(source.classIndex);
      expect(row.snr).toBe(source.snr);
      expect(row.split).toBe('train');
      expect(source.split).toBe('train');
      expect(energyOf(store.getSample(row.id).iq, 0, 64, 'l1')).toBeCloseTo(1, 4);
    }
    expect(ctx.phases).toContain('augment');
    expect(digest(parentId)).toBe(parentBefore);
  });

  it('the same seed gives the same bytes, another seed other signals', async () => {
    const make = async (seed: number) => digest((await runAugmentJob(context(), { datasetId: parentId, spec: { mix: { method: 'nrm', times: 2 }, rf: { ops: ['phase'] } }, seed, includeOriginals: false })).datasetId as number);
    expect(await make(1)).toBe(await make(1));
    expect(await make(1)).not.toBe(await make(2));
  });

  it('leaves nothing behind when cancelled or given a bad spec', async () => {
    const before = store.listDatasets().length;
    const controller = new AbortController();
    controller.abort();
    await expect(runAugmentJob(context(controller.signal), { datasetId: parentId, spec: { mix: { method: 'rm' } } })).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(runAugmentJob(context(), { datasetId: parentId, spec: { mix: { method: 'xm' } } })).rejects.toThrow(/augment job config: spec\.mix\.method/);
    await expect(runAugmentJob(context(), { datasetId: parentId, spec: {} })).rejects.toThrow(/spec: choose a mixing method/);
    expect(store.listDatasets().length).toBe(before);
  });
});
