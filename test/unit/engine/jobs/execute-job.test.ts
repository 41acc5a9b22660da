import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../../src/shared/dto.ts';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import { executeJob } from '../../../../src/main/engine/jobs/execute-job.ts';
import { initBackend } from '../../../../src/main/engine/ml/backend/index.ts';
import { headlineEvaluation } from '../../../../src/main/engine/ml/eval/stored-evaluation.ts';
import { tf } from '../../../../src/main/engine/ml/tfjs.ts';
import { openProject, type ProjectStore } from '../../../../src/main/engine/store/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-run-job-'));
let store: ProjectStore;
let datasetId = 0;

beforeAll(async () => {
  await initBackend();
  store = openProject(join(dir, 'p.amrproj'), { create: true });
  datasetId = (await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'AM-DSB'], snrs: [18], perKey: 24, length: 32, seed: 1, normalisation: 'unit-power' })).id;
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(kind: string, config: Record<string, unknown>, signal = new AbortController().signal) {
  const events: JobProgress[] = [];
  const jobId = store.createJob({ kind, config, seed: 0 }).id;
  return { jobId, events, finished: executeJob(store, { jobId, kind, config }, signal, (p) => events.push(p)) };
}

describe('executeJob', () => {
  it('records an unknown kind or a bad config as a failed job with a message', async () => {
    const unknown = run('no-such-kind', {});
    expect(await unknown.finished).toMatchObject({ status: 'failed', error: { code: 'VALIDATION' } });
    expect(store.getJob(unknown.jobId).error?.message).toMatch(/unknown job kind 'no-such-kind'/);
    const bad = run('train', { datasetId, model: { arch: 'vtcnn2' }, train: { epochs: -1 } });
    expect(await bad.finished).toMatchObject({ status: 'failed' });
    expect(store.getJob(bad.jobId).error?.message).toMatch(/train job config: train\.epochs/);
  });

  it('trains in process, keeps the split it made, drops its checkpoint when done, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const job = run('train', { datasetId, model: { arch: 'cnn1d', options: { depth: 2, width: 8 } }, train: { epochs: 2, batchSize: 16, seed: 9 } });
    const finished = await job.finished;
    expect(finished.status).toBe('done');
    expect(tf.memory().numTensors).toBe(before);
    expect(store.getDataset(datasetId).split).toMatchObject({ seed: 9 });
    expect(store.findCheckpoint(job.jobId)).toBeUndefined();
    const row = store.getJob(job.jobId);
    expect(row).toMatchObject({ status: 'done', phase: 'evaluate' });
    expect(row.log).toMatch(/epoch 2: loss/);
    expect(job.events.at(-1)).toMatchObject({ status: 'done' });
    if (finished.status !== 'done') throw new Error('the job should have finished');
    const result = finished.result as { modelId: number; accuracy: number };
    const modelId = result.modelId;
    const evaluation = headlineEvaluation(store, modelId)!;
    expect(evaluation.classes).toEqual(['BPSK', 'AM-DSB']);
    expect(evaluation.snrs).toEqual([18]);
    expect(evaluation.accuracy).toBe(result.accuracy);
    const tested = evaluation.confusion.flat().reduce((a, b) => a + b, 0);
    expect(tested).toBeGreaterThan(0);
    expect(evaluation.accuracyBySnr[0]).toBeCloseTo((evaluation.confusion[0]![0]! + evaluation.confusion[1]![1]!) / tested, 12);
    expect(() => headlineEvaluation(store, 9999)).toThrow(/model 9999 does not exist/);
  });

  it('trains on the threads asked for and records the count with the model', async () => {
    const job = run('train', { datasetId, model: { arch: 'cnn1d', options: { depth: 2, width: 8 } }, train: { epochs: 1, batchSize: 32, seed: 4, threads: 2 } });
    const finished = await job.finished;
    if (finished.status !== 'done') throw new Error(`the job should have finished: ${JSON.stringify(store.getJob(job.jobId).error)}`);
    const result = finished.result as { modelId: number; threads: number };
    expect(result.threads).toBe(2);
    expect(store.getModel(result.modelId).config).toMatchObject({ train: { threads: 2, seed: 4 } });
    expect(store.getJob(job.jobId).log).toMatch(/up to 2 threads/);
  });

  it('a cancelled job keeps its checkpoint for a later resume', async () => {
    const abort = new AbortController();
    const events: JobProgress[] = [];
    const config = { datasetId, model: { arch: 'cnn1d', options: { depth: 2, width: 8 } }, train: { epochs: 20, batchSize: 16, seed: 9 } };
    const jobId = store.createJob({ kind: 'train', config, seed: 9 }).id;
    const finished = await executeJob(store, { jobId, kind: 'train', config }, abort.signal, (p) => {
      events.push(p);
      if (p.metrics?.['epoch'] === 2) abort.abort();
    });
    expect(finished).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    expect(store.getJob(jobId).status).toBe('cancelled');
    expect(store.findCheckpoint(jobId)?.epoch).toBe(1);
  });
});
