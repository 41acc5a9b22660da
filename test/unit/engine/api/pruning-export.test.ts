// The pruning, lineage, export and eye-diagram handlers over a real project: jobs run for real
// (in this process for speed, and once through a worker as the UI does), their rows are read
// back through dispatch, and every figure is checked against the store or recomputed.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../../src/main/engine/api/dispatch.ts';
import { handlers } from '../../../../src/main/engine/api/handlers/index.ts';
import { operationDetail } from '../../../../src/main/engine/api/handlers/lineage.ts';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import { createEngine, type Engine } from '../../../../src/main/engine/engine.ts';
import { exportFormats } from '../../../../src/main/engine/export/export-model.ts';
import { executeJob } from '../../../../src/main/engine/jobs/execute-job.ts';
import { pruneMethods } from '../../../../src/main/engine/ml/prune/cut.ts';
import { selectionMetrics } from '../../../../src/main/engine/ml/prune/selection.ts';
import type { EyeDiagram, ExportSummary, LineageNode, PruneAnalysis, PruneStudy } from '../../../../src/shared/dto.ts';
import { exportFormatNames, pruneMethodNames, selectionMetricNames } from '../../../../src/shared/pruning.ts';

let dir: string;
let engine: Engine;
let datasetId: number;
let parentId: number;

function call<T>(channel: string, arg: unknown): Promise<T> {
  return dispatch(handlers, engine, channel, arg, vi.fn()).then((r) => {
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  });
}

async function runInProcess(kind: string, config: Record<string, unknown>): Promise<number> {
  const job = engine.store.createJob({ kind, config, seed: 0 });
  const outcome = await executeJob(engine.store, { jobId: job.id, kind, config }, new AbortController().signal, () => undefined);
  if (outcome.status !== 'done') throw new Error(`${kind} job failed: ${JSON.stringify(outcome)}`);
  return job.id;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amr-api-prune-'));
  engine = createEngine({ projectPath: join(dir, 'p.amrproj'), create: true });
  const dataset = await writeGeneratedDataset(engine.store, { preset: 'rml2016', classes: ['BPSK', 'GFSK'], snrs: [0, 10], perKey: 16, length: 16, seed: 3 }, { name: 'two' });
  datasetId = dataset.id;
  const trainJob = await runInProcess('train', {
    datasetId,
    model: { arch: 'resnet1d', options: { depth: 14 } },
    train: { epochs: 1, batchSize: 16, seed: 1, learningRate: 2e-3 },
    split: { train: 0.5, val: 0.25, test: 0.25, seed: 1 },
  });
  parentId = engine.store.listModels().find((m) => m.jobId === trainJob)!.id;
}, 60_000);

afterAll(async () => {
  await engine.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('names the UI offers', () => {
  it('match the engine’s own lists', () => {
    expect([...selectionMetricNames]).toEqual([...selectionMetrics]);
    expect([...pruneMethodNames]).toEqual([...pruneMethods]);
    expect([...exportFormatNames]).toEqual([...exportFormats]);
  });
});

describe('pruning handlers', () => {
  it('reads a finished analysis: a score per unit, a symmetric CKA matrix, one segmentation per K', async () => {
    const jobId = await runInProcess('prune-analysis', { modelId: parentId, metric: 'magnitude-l1', calibrationSamples: 8 });
    const a = (await call<PruneAnalysis>('getPruneAnalysis', { jobId }))!;
    const units = a.units.map((u) => u.unit);
    expect(units).toEqual(['stage1_block2', 'stage2_block2', 'stage3_block2']);
    for (const u of a.units) {
      expect(u.score).toBeGreaterThan(0);
      expect(u.params).toBeGreaterThan(0);
    }
    expect(a.similarity).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      expect(a.similarity[i]![i]).toBeCloseTo(1, 5);
      for (let j = 0; j < 3; j++) expect(a.similarity[i]![j]).toBeCloseTo(a.similarity[j]![i]!, 9);
    }
    expect(a.segmentations.map((s) => s.blocks)).toEqual([1, 2, 3]);
    expect(a.segmentations.map((s) => s.starts.length)).toEqual([1, 2, 3]);
    expect(a.segmentations[2]!.cost).toBeCloseTo(0, 9);
    expect(a.segmentations[0]!.cost).toBeGreaterThanOrEqual(a.segmentations[1]!.cost);
    expect(a.elbow).toBeGreaterThanOrEqual(1);
    expect(a.elbow).toBeLessThanOrEqual(3);
    expect(a.calibrationSamples).toBe(8);
  });

  it('says a job of another kind is not an analysis, and a failed job why it failed', async () => {
    const study = engine.store.createJob({ kind: 'prune-study', config: {}, seed: 0 });
    await expect(call('getPruneAnalysis', { jobId: study.id })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('prune-study') });
    const failed = engine.store.createJob({ kind: 'prune-analysis', config: {}, seed: 0 });
    engine.store.updateJob(failed.id, { status: 'failed', error: { code: 'VALIDATION', message: 'model 99 does not exist' } });
    await expect(call('getPruneAnalysis', { jobId: failed.id })).rejects.toMatchObject({ code: 'JOB_FAILED', message: expect.stringContaining('model 99') });
    const queued = engine.store.createJob({ kind: 'prune-analysis', config: {}, seed: 0 });
    expect(await call('getPruneAnalysis', { jobId: queued.id })).toBeNull();
  });

  it('reads a study table with the baseline first and smaller pruned rows', async () => {
    const jobId = await runInProcess('prune-study', { modelId: parentId, methods: ['reverse-order'], recoveries: ['none'], ratios: [0.34], epochs: 1, batchSize: 16, latencyRepeats: 1 });
    const study = (await call<PruneStudy>('getPruneStudy', { jobId }))!;
    expect(study.parentId).toBe(parentId);
    expect(study.rows.map((r) => `${r.method}/${r.recovery}`)).toEqual(['baseline/none', 'reverse-order/none']);
    expect(study.rows[1]!.params).toBeLessThan(study.rows[0]!.params);
    expect(study.rows[1]!.removed).toEqual(['stage3_block2']);
    for (const r of study.rows) {
      expect(r.perSnr.map((s) => s.snr)).toEqual([0, 10]);
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.latencyMsBatch1).toBeGreaterThan(0);
    }
  });

  it('refuses bad prune settings before any job starts', async () => {
    const before = engine.store.listJobs().length;
    await expect(call('startPrune', { modelId: parentId, method: 'entropy', ratio: 0.3, recovery: 'none', epochs: 1 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(call('startPrune', { modelId: parentId, method: 'taylor', ratio: 0.3, recovery: 'partial-x', epochs: 1 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(call('startPruneStudy', { modelId: 999, methods: ['random'], recoveries: ['none'], ratio: 0.3, epochs: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(engine.store.listJobs()).toHaveLength(before);
  });

  it('starts a prune job in a worker that saves a child model, which the lineage shows', async () => {
    const { jobId } = await call<{ jobId: number }>('startPrune', { modelId: parentId, method: 'reverse-order', ratio: 0.34, recovery: 'partial-1', epochs: 1, batchSize: 16 });
    expect(engine.store.getJob(jobId).config).toMatchObject({ modelId: parentId, method: 'reverse-order', recovery: 'partial-1', epochs: 1 });
    await vi.waitFor(() => expect(['done', 'failed']).toContain(engine.store.getJob(jobId).status), { timeout: 60_000, interval: 200 });
    expect(engine.store.getJob(jobId).error).toBeNull();
    const nodes = await call<LineageNode[]>('getLineage', {});
    const child = nodes.find((n) => n.parentId === parentId && n.operation === 'prune')!;
    expect(child).toBeDefined();
    expect(child.detail).toBe('reverse-order 34 % + partial-1 (1 epoch)');
    expect(nodes.find((n) => n.id === parentId)).toMatchObject({ parentId: null, operation: 'train', detail: 'trained 1 epoch' });
  }, 70_000);
});

describe('lineage detail', () => {
  it('describes each operation from its stored config', () => {
    expect(operationDetail({ operation: 'prune', config: { method: 'blockwise', ratio: 0.5, recovery: 'none', epochs: 3 } })).toBe('blockwise 50 % + none');
    expect(operationDetail({ operation: 'train', config: { train: { epochs: 2 } } })).toBe('trained 2 epochs');
    expect(operationDetail({ operation: 'train', config: { train: { epochs: 1 }, augment: { method: 'MSM, exchange 0.5, pool 64, band 0.1, same SNR' } } })).toBe('trained 1 epoch, augmented: MSM, exchange 0.5, pool 64, band 0.1, same SNR');
    expect(operationDetail({ operation: 'distil', config: {} })).toBe('distil');
  });
});

describe('export handlers', () => {
  it('reads an export job’s record and report, lists it under the model, and shows it in the lineage', async () => {
    const outPath = join(dir, 'parent.onnx');
    const jobId = await runInProcess('export', { modelId: parentId, format: 'onnx', outPath });
    const summary = (await call<ExportSummary>('getExportResult', { jobId }))!;
    expect(summary).toMatchObject({ modelId: parentId, format: 'onnx', path: outPath, sizeBytes: statSync(outPath).size });
    expect(summary.report!.float.parity.maxAbsDiff).toBeLessThan(1e-4);
    expect(summary.report!.float.fileBytes).toBe(statSync(outPath).size);
    expect(summary.report!.float.accuracy.perSnr.map((s) => s.snr)).toEqual([0, 10]);
    expect(summary.report!.int8).toBeNull();
    expect((await call<ExportSummary[]>('listExports', { modelId: parentId })).map((e) => e.id)).toEqual([summary.id]);
    const parent = (await call<LineageNode[]>('getLineage', {})).find((n) => n.id === parentId)!;
    expect(parent.exports).toEqual([{ id: summary.id, format: 'onnx', path: outPath }]);
  }, 60_000);

  it('refuses an export into a folder that does not exist or takes no files, without starting a job', async () => {
    const before = engine.store.listJobs().length;
    const outPath = join(dir, 'missing', 'm.onnx');
    await expect(call('startExport', { modelId: parentId, format: 'onnx', outPath })).rejects.toMatchObject({ code: 'NOT_WRITABLE', message: expect.stringContaining(join(dir, 'missing')) });
    // a folder that exists but takes no files: the job is refused before it converts anything
    await expect(call('startExport', { modelId: parentId, format: 'onnx', outPath: '/proc/m.onnx' })).rejects.toMatchObject({ code: 'NOT_WRITABLE', message: expect.stringContaining('cannot write in /proc') });
    await expect(call('startExport', { modelId: parentId, format: 'pt', outPath: join(dir, 'm.pt') })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(engine.store.listJobs()).toHaveLength(before);
    expect(existsSync(outPath)).toBe(false);
  });
});

describe('eye diagram handler', () => {
  it('cuts the stored component into symbol-aligned traces', async () => {
    const sample = engine.store.pageSamples({ datasetId }, { offset: 0, limit: 1 }).rows[0]!;
    const stored = engine.store.getSample(sample.id);
    const eye = await call<EyeDiagram>('getEyeDiagram', { datasetId, sampleId: sample.id, component: 'q', samplesPerSymbol: 4 });
    expect(eye.traces).toHaveLength(Math.floor((16 - 9) / 4) + 1);
    for (const t of eye.traces) expect(t).toHaveLength(9);
    expect(eye.traces[1]![0]).toBeCloseTo(stored.iq[16 + 4]!, 6);
    await expect(call('getEyeDiagram', { datasetId: datasetId + 1, sampleId: sample.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
