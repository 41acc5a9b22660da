// The distillation handlers over a real project: jobs run in this process, their results are
// read back through dispatch and checked against the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../../src/main/engine/api/dispatch.ts';
import { handlers } from '../../../../src/main/engine/api/handlers/index.ts';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import { createEngine, type Engine } from '../../../../src/main/engine/engine.ts';
import { datasetExportFormats } from '../../../../src/main/engine/export/dataset/export-dataset.ts';
import { executeJob } from '../../../../src/main/engine/jobs/execute-job.ts';
import { initBackend } from '../../../../src/main/engine/ml/backend/index.ts';
import { distillMethods } from '../../../../src/main/engine/ml/distill/config.ts';
import { datasetExportFormatNames, distillMethodNames } from '../../../../src/shared/distillation.ts';
import type { DatasetSummary, DistillationView, DistillPreview, DistillResultRow } from '../../../../src/shared/dto.ts';

let dir: string;
let engine: Engine;
let sourceId: number;
let distillJob: number;
let distilledId: number;

function call<T>(channel: string, arg: unknown): Promise<T> {
  return dispatch(handlers, engine, channel, arg, vi.fn()).then((r) => {
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  });
}

async function runInProcess(kind: string, config: Record<string, unknown>): Promise<{ id: number; result: Record<string, unknown> }> {
  const job = engine.store.createJob({ kind, config, seed: 0 });
  const outcome = await executeJob(engine.store, { jobId: job.id, kind, config }, new AbortController().signal, () => undefined);
  if (outcome.status !== 'done') throw new Error(`${kind} job failed: ${JSON.stringify(outcome)}`);
  return { id: job.id, result: outcome.result };
}

beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'amr-api-distill-'));
  engine = createEngine({ projectPath: join(dir, 'p.amrproj'), create: true });
  const dataset = await writeGeneratedDataset(engine.store, { preset: 'rml2016', classes: ['BPSK', 'QPSK', 'AM-DSB'], snrs: [0, 10], perKey: 12, length: 32, seed: 3 }, { name: 'three' });
  sourceId = dataset.id;
  const distilled = await runInProcess('distill', { datasetId: sourceId, method: 'mdm', ipc: 3, iterations: 5, batchReal: 6, embedder: { arch: 'convnet', width: 8, depth: 2 }, seed: 2 });
  distillJob = distilled.id;
  distilledId = distilled.result['datasetId'] as number;
}, 60_000);

afterAll(async () => {
  await engine.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('distillation handlers', () => {
  it('offer the engine’s own method and export-format names', () => {
    expect([...distillMethodNames]).toEqual([...distillMethods]);
    expect([...datasetExportFormatNames]).toEqual([...datasetExportFormats]);
  });

  it('getDistillation: the run, its whole loss curve and the dataset it wrote', async () => {
    const view = await call<DistillationView>('getDistillation', { jobId: distillJob });
    expect(view).toMatchObject({ status: 'done', sourceDatasetId: sourceId, method: 'mdm', ipc: 3, alpha: 1, iterations: 5, datasetId: distilledId });
    expect(view.history.map((p) => p.iteration)).toEqual([1, 2, 3, 4, 5]);
    expect(view.history.every((p) => p.lossTime > 0 && p.lossFrequency > 0)).toBe(true);
  });

  it('the distilled set is in the dataset list, its lineage in a line', async () => {
    const list = await call<DatasetSummary[]>('listDatasets', {});
    const row = list.find((d) => d.id === distilledId)!;
    expect(row).toMatchObject({ kind: 'distilled', count: 9, classes: ['BPSK', 'QPSK', 'AM-DSB'] });
    // the job named no augmentation: MDM's default, the orbit, is the one recorded
    expect(row.origin).toMatch(/^MDM ipc 3 · α 1 · 5 iterations · orbit augmentation · ConvNet w8×2 · seed 2 · from “three” \(#1, [0-9a-f]{8}\)$/);
    expect(list.find((d) => d.id === sourceId)!.origin).toBeNull();
  });

  it('getDistillPreview: the class\'s synthetic signals beside real training signals of the class, with spectra', async () => {
    const p = await call<DistillPreview>('getDistillPreview', { datasetId: distilledId, classIndex: 1, maxSignals: 2 });
    expect(p).toMatchObject({ className: 'QPSK', method: 'mdm', sourceDatasetId: sourceId });
    expect(p.synthetic).toHaveLength(2);
    expect(p.real).toHaveLength(2);
    const stored = engine.store.loadSamples({ datasetId: distilledId, classes: [1] });
    expect(p.synthetic[0]!.i).toEqual(Array.from(stored.x.subarray(0, 32)));
    const realFirst = engine.store.loadSamples({ datasetId: sourceId, classes: [1], split: 'train' });
    expect(p.real[1]!.q).toEqual(Array.from(realFirst.x.subarray(64 + 32, 128)));
    expect(p.frequency).toHaveLength(32);
    for (const trace of [...p.synthetic, ...p.real]) expect(trace.psdDb).toHaveLength(32);
    expect(p.meanPsdDb.synthetic).toHaveLength(32);
    expect(p.meanPsdDb.real.every(Number.isFinite)).toBe(true);
    await expect(call('getDistillPreview', { datasetId: sourceId, classIndex: 0 })).rejects.toThrow(/not a distilled set/);
  });

  it('listDistillResults: one row per set × architecture, the upper bound as the whole set', async () => {
    // networks train augmented unless the job says 'none'
    await runInProcess('distill-eval', { datasetId: distilledId, models: ['convnet'], runs: 2, epochs: 2 });
    await runInProcess('distill-eval', { datasetId: sourceId, models: ['convnet'], runs: 1, epochs: 1, augment: 'none' });
    const rows = await call<DistillResultRow[]>('listDistillResults', {});
    expect(rows.map((r) => [r.method, r.ipc, r.arch, r.runs.length, r.trainCount, r.augmentedTraining])).toEqual([
      ['mdm', 3, 'convnet', 2, 9, true],
      ['whole set', null, 'convnet', 1, engine.store.loadSamples({ datasetId: sourceId, split: 'train' }).count, false],
    ]);
    const mdm = rows[0]!;
    expect(mdm.mean).toBeCloseTo((mdm.runs[0]! + mdm.runs[1]!) / 2, 12);
    expect(mdm.bySnr.map((s) => s.snr)).toEqual([0, 10]);
  });

  it('refuses to distil a distilled set and unknown methods before any job starts', async () => {
    await expect(call('startDistill', { datasetId: distilledId, method: 'dm', ipc: 1 })).rejects.toThrow(/itself distilled/);
    await expect(call('startDistill', { datasetId: sourceId, method: 'magic', ipc: 1 })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(engine.store.listJobs().filter((j) => j.status === 'queued' || j.status === 'running')).toEqual([]);
  });
});
