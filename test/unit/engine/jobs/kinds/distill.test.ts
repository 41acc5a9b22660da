import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../../../src/shared/dto.ts';
import { writeGeneratedDataset } from '../../../../../src/main/engine/dsp/synth/write.ts';
import { executeJob } from '../../../../../src/main/engine/jobs/execute-job.ts';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import type { DistillLineage } from '../../../../../src/main/engine/ml/distill/stored-sets.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { openProject, type ProjectStore } from '../../../../../src/main/engine/store/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-distill-jobs-'));
let store: ProjectStore;
let sourceId: number;

async function run(kind: string, config: Record<string, unknown>, opts: { jobId?: number; signal?: AbortSignal; onProgress?: (p: JobProgress) => void } = {}) {
  const jobId = opts.jobId ?? store.createJob({ kind, config, seed: 0 }).id;
  const outcome = await executeJob(store, { jobId, kind, config }, opts.signal ?? new AbortController().signal, opts.onProgress ?? (() => undefined));
  return { jobId, outcome };
}

async function done(kind: string, config: Record<string, unknown>) {
  const { jobId, outcome } = await run(kind, config);
  if (outcome.status !== 'done') throw new Error(`${kind} job failed: ${JSON.stringify(outcome)}`);
  return { jobId, result: outcome.result };
}

const signals = (datasetId: number) => Buffer.from(store.loadSamples({ datasetId }).x.buffer);
const mdm = { method: 'mdm', ipc: 2, iterations: 6, batchReal: 8, checkpointEvery: 2, embedder: { arch: 'convnet', width: 8, depth: 2 }, seed: 4 };

beforeAll(async () => {
  await initBackend();
  store = openProject(join(dir, 'p.amrproj'), { create: true });
  const source = await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK', 'GFSK'], snrs: [4, 12], perKey: 12, length: 32, seed: 2 }, { name: 'three' });
  sourceId = source.id;
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('distill jobs', () => {
  it('store the distilled set as a dataset with its lineage, listed like any other, and the same seed writes the same bytes', async () => {
    const tensors = tf.memory().numTensors;
    const { jobId, result } = await done('distill', { datasetId: sourceId, ...mdm });
    expect(tf.memory().numTensors).toBe(tensors);
    const info = store.getDataset(result['datasetId'] as number);
    expect(store.listDatasets().map((d) => d.id)).toContain(info.id);
    expect(info).toMatchObject({ kind: 'distilled', format: 'distilled-mdm', count: 6, length: 32, classes: ['BPSK', 'QPSK', 'GFSK'] });
    const source = store.getDataset(sourceId);
    expect(source.split).toEqual({ train: 0.5, val: 0, test: 0.5, seed: 0 });
    const lineage = info.params['lineage'] as DistillLineage;
    expect(lineage).toMatchObject({ sourceDatasetId: sourceId, sourceHash: source.sourceHash, jobId, iterationsDone: 6 });
    expect(lineage.config).toMatchObject({ method: 'mdm', ipc: 2, alpha: 1, augment: 'orbit', iterations: 6, seed: 4, embedder: { arch: 'convnet', width: 8, depth: 2 } });
    expect((info.params['lossCurve'] as unknown[]).length).toBe(6);
    // started from real training signals: their sample ids are the source offsets
    const trainIds = new Set(store.loadSamples({ datasetId: sourceId, split: 'train' }).ids);
    const offsets = store.pageSamples({ datasetId: info.id }, { offset: 0, limit: 10 }).rows.map((r) => r.sourceOffset);
    expect(offsets.every((o) => trainIds.has(o))).toBe(true);
    expect(store.findCheckpoint(jobId)).toBeUndefined();
    const again = await done('distill', { datasetId: sourceId, ...mdm });
    expect(signals(again.result['datasetId'] as number).equals(signals(info.id))).toBe(true);
    expect(store.getDataset(again.result['datasetId'] as number).sourceHash).toBe(info.sourceHash);
  });

  it('a cancelled run leaves the project unchanged but its checkpoint; resumed, it writes the uninterrupted bytes', async () => {
    const whole = await done('distill', { datasetId: sourceId, ...mdm });
    const before = store.listDatasets().length;
    const controller = new AbortController();
    const stopped = await run('distill', { datasetId: sourceId, ...mdm }, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'distill' && p.done === 4) controller.abort();
      },
    });
    expect(stopped.outcome.status).toBe('cancelled');
    expect(store.listDatasets().length).toBe(before);
    const checkpoint = store.findCheckpoint(stopped.jobId)!;
    expect(checkpoint.epoch).toBe(4);
    const resumed = await run('distill', { datasetId: sourceId, ...mdm }, { jobId: stopped.jobId });
    expect(resumed.outcome.status).toBe('done');
    expect(store.getJob(stopped.jobId).log).toMatch(/resuming from the checkpoint after iteration 4/);
    const id = (resumed.outcome as { result: Record<string, unknown> }).result['datasetId'] as number;
    expect(signals(id).equals(signals(whole.result['datasetId'] as number))).toBe(true);
  });

  it('the distilled set trains a model, and distill-eval scores fresh networks on the source test split', async () => {
    const { result } = await done('distill', { datasetId: sourceId, method: 'herding', ipc: 4, embedder: { arch: 'convnet', width: 8, depth: 2 } });
    const distilled = result['datasetId'] as number;
    const trained = await done('train', {
      datasetId: distilled, model: { arch: 'cnn1d', options: { depth: 1, width: 8 } }, train: { epochs: 2, batchSize: 8, seed: 1, earlyStopping: null, threads: 1 },
      split: { train: 0.5, val: 0, test: 0.5, seed: 1 },
    });
    expect(store.getModel(trained.result['modelId'] as number)).toMatchObject({ datasetId: distilled, operation: 'train' });
    const evaluated = await done('distill-eval', { datasetId: distilled, models: ['convnet', 'cnn1d', 'gru2'], runs: 2, epochs: 3, recurrentLearningRate: 0.02 });
    const scores = evaluated.result['scores'] as { arch: string; runs: number[] }[];
    expect(scores.map((s) => s.arch)).toEqual(['convnet', 'cnn1d', 'gru2']);
    expect(scores.every((s) => s.runs.length === 2)).toBe(true);
    const saved = store.listMetrics({ jobId: evaluated.jobId, kind: 'distill-eval' });
    // each architecture's optimiser is recorded with its score: the recurrent one trains with Adam
    expect(saved.map((m) => (m.value as { arch: string; testDatasetId: number; options?: unknown }))).toMatchObject([
      { arch: 'convnet', testDatasetId: sourceId, options: { width: 8, depth: 2 }, optimizer: 'sgd', learningRate: 0.01 },
      { arch: 'cnn1d', testDatasetId: sourceId, optimizer: 'sgd' },
      { arch: 'gru2', testDatasetId: sourceId, optimizer: 'adam', learningRate: 0.02, recipe: { recurrentLearningRate: 0.02 } },
    ]);
  });

  it('refuses to distil a distilled set, and ipc above a class\'s training signals, before writing anything', async () => {
    const { result } = await done('distill', { datasetId: sourceId, method: 'random', ipc: 1 });
    const bad = await run('distill', { datasetId: result['datasetId'] as number, method: 'random', ipc: 1 });
    expect(bad.outcome).toMatchObject({ status: 'failed', error: { code: 'VALIDATION' } });
    const many = await run('distill', { datasetId: sourceId, method: 'random', ipc: 13 });
    expect(many.outcome).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/BPSK has 12 training signals, fewer than ipc = 13/) } });
  });
});
