import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src/shared/dto.ts';
import { writeGeneratedDataset } from '../../../src/main/engine/dsp/synth/write.ts';
import { JobHost } from '../../../src/main/engine/jobs/job-host.ts';
import { openProject } from '../../../src/main/engine/store/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-jobs-'));
const projectPath = join(dir, 'jobs.amrproj');
let datasetId = 0;
let trainedModelId = 0;
let host: JobHost;

// A small VT-CNN2 so a job runs in seconds on a shared CPU.
function trainConfig(epochs: number): Record<string, unknown> {
  return {
    datasetId,
    name: 'tiny vtcnn2',
    model: { arch: 'vtcnn2', widths: { conv1: 16, conv2: 8, dense1: 32 } },
    train: { epochs, batchSize: 32, seed: 5, earlyStopping: null },
  };
}

/** The first event of the job that passes `test`, or its final event if it ends first. */
function firstProgress(h: JobHost, jobId: number, test: (p: JobProgress) => boolean): Promise<JobProgress> {
  return new Promise((resolve) => {
    const off = h.subscribe((p) => {
      if (p.jobId === jobId && (test(p) || p.status !== 'running')) {
        off();
        resolve(p);
      }
    });
  });
}

beforeAll(async () => {
  const store = openProject(projectPath, { create: true });
  const info = await writeGeneratedDataset(store, {
    preset: 'rml2016', classes: ['BPSK', 'QPSK', 'AM-DSB'], snrs: [10, 18], perKey: 20, length: 32, seed: 3, normalisation: 'unit-power',
  });
  datasetId = info.id;
  store.close();
  host = new JobHost({ projectPath, cancelGraceMs: 5000 });
});

afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

// Each worker loads TF.js and its WASM backend: allow for a busy machine.
describe('JobHost', { timeout: 180_000 }, () => {
  it('trains in a separate process with progress, and saves the model, its metrics and its seed', async () => {
    const events: JobProgress[] = [];
    const off = host.subscribe((p) => events.push(p));
    const jobId = host.start('train', trainConfig(2));
    const pid = host.workerPid(jobId);
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    const job = await host.wait(jobId);
    off();
    expect(job.error).toBeNull();
    expect(job.status).toBe('done');
    const train = events.filter((e) => e.jobId === jobId && e.phase === 'train');
    expect(train.length).toBeGreaterThan(2);
    expect(train.at(-1)!.done).toBe(train.at(-1)!.total);
    expect(train[0]!.metrics).toHaveProperty('loss');
    expect(train[0]!.metrics).toHaveProperty('samplesPerSecond');
    const result = job.result as { modelId: number; seed: number };
    expect(result.seed).toBe(5);
    trainedModelId = result.modelId;
    const store = openProject(projectPath);
    try {
      const model = store.getModel(result.modelId);
      expect(model.weights!.byteLength).toBeGreaterThan(1000);
      expect(model.datasetHash).toBe(store.getDataset(datasetId).sourceHash);
      expect((model.config as { seed: number }).seed).toBe(5);
      const kinds = store.listMetrics({ modelId: model.id }).map((m) => m.kind);
      expect(kinds.filter((k) => k === 'epoch')).toHaveLength(2);
      expect(kinds).toContain('confusion');
      expect(kinds).toContain('snr');
    } finally {
      store.close();
    }
  });

  it('cancels a running job', async () => {
    const jobId = host.start('train', trainConfig(50));
    expect((await firstProgress(host, jobId, (p) => p.phase === 'train')).status).toBe('running');
    host.cancel(jobId);
    const job = await host.wait(jobId);
    expect(job.status).toBe('cancelled');
    expect(job.error?.code).toBe('CANCELLED');
  });

  it('reports a killed worker as failed with its log, then resumes the job from its checkpoint', async () => {
    const jobId = host.start('train', trainConfig(3));
    // epoch 2 has started, so epoch 1 is checkpointed
    const second = await firstProgress(host, jobId, (p) => p.phase === 'train' && p.metrics?.['epoch'] === 2);
    expect(second.status).toBe('running');
    process.kill(host.workerPid(jobId)!, 'SIGKILL');
    const failed = await host.wait(jobId);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('JOB_FAILED');
    expect(failed.log).toMatch(/exited unexpectedly \(signal SIGKILL\)/);
    expect(failed.log).toMatch(/epoch 1: loss/);

    host.resume(jobId);
    const resumed = await host.wait(jobId);
    expect(resumed.status).toBe('done');
    expect(resumed.log).toMatch(/resuming from the checkpoint after epoch 1/);
    expect((resumed.result as { epochs: number }).epochs).toBe(3);
  });

  it('records a worker that crashes on start as failed, with its output in the log', async () => {
    const crashing = join(dir, 'crashing-worker.mjs');
    writeFileSync(crashing, "console.error('worker could not load its backend'); process.exit(3);\n");
    const other = new JobHost({ projectPath, worker: { path: crashing, execArgv: [] } });
    try {
      const job = await other.wait(other.start('train', trainConfig(1)));
      expect(job.status).toBe('failed');
      expect(job.error).toEqual({ code: 'JOB_FAILED', message: 'job worker exited unexpectedly (exit code 3)' });
      expect(job.log).toMatch(/worker output:\nworker could not load its backend/);
    } finally {
      await other.close();
    }
  });

  // npm test builds the bundle before the tests run; the app forks this file as its job worker.
  const builtWorker = join(process.cwd(), 'out/main/job-worker.js');
  it('the bundled job worker trains on two threads with its bundled replica worker', async () => {
    expect(existsSync(builtWorker), `${builtWorker} is missing: build first (npm test runs electron-vite build)`).toBe(true);
    const bundled = new JobHost({ projectPath, worker: { path: builtWorker, execArgv: [] } });
    try {
      const config = trainConfig(1);
      const job = await bundled.wait(bundled.start('train', { ...config, train: { ...(config.train as object), threads: 2 } }));
      expect(job.error).toBeNull();
      expect(job.status).toBe('done');
      expect(job.result).toMatchObject({ threads: 2 });
    } finally {
      await bundled.close();
    }
  });

  it('evaluates a stored model in a worker, as a record beside it', async () => {
    const before = (() => {
      using store = openProject(projectPath);
      return store.getModel(trainedModelId).metrics;
    })();
    const job = await host.wait(host.start('evaluate', { modelId: trainedModelId, split: 'all', includeTrainingSamples: true }));
    expect(job.status).toBe('done');
    const r = job.result as { count: number; accuracy: number; evaluationId: number; includesTraining: boolean; perSnr: { snr: number }[] };
    expect(r).toMatchObject({ count: 120, includesTraining: true });
    expect(r.perSnr.map((s) => s.snr)).toEqual([10, 18]);
    using store = openProject(projectPath);
    expect(store.listEvaluations({ modelId: trainedModelId }).map((e) => [e.id, e.sampleCount, e.includesTraining])).toEqual([[r.evaluationId, 120, true]]);
    expect(store.getModel(trainedModelId).metrics).toEqual(before);
  });
});
