// Distillation sent as a job bundle, one task per seed, run in this process as each array task
// would run on its node: each merged distilled set equals the one the same job makes locally,
// its lineage names the project job that stood for its task, and merging again adds nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as render } from '../../../../src/main/cli/commands/cluster-render.ts';
import { distillBundle } from '../../../../src/main/engine/bundle/kinds/distill.ts';
import { readManifest } from '../../../../src/main/engine/bundle/manifest.ts';
import { mergeTaskResult } from '../../../../src/main/engine/bundle/merge-result.ts';
import { runBundleTask } from '../../../../src/main/engine/bundle/run-task.ts';
import { writeBundle } from '../../../../src/main/engine/bundle/write-bundle.ts';
import { recordClusterJob } from '../../../../src/main/engine/cluster/project-jobs.ts';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import { executeJob } from '../../../../src/main/engine/jobs/execute-job.ts';
import { initBackend } from '../../../../src/main/engine/ml/backend/index.ts';
import { lineageOf } from '../../../../src/main/engine/ml/distill/stored-sets.ts';
import { openProject, type ProjectStore } from '../../../../src/main/engine/store/project.ts';

let dir: string;
let store: ProjectStore;
let datasetId: number;

beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'amr-distill-bundle-'));
  store = openProject(join(dir, 'lab.amrproj'), { create: true });
  const dataset = await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK', 'AM-DSB'], snrs: [10], perKey: 8, length: 32, seed: 4, normalisation: 'unit-power' }, { name: 'tiny' });
  datasetId = dataset.id;
}, 60_000);

afterAll(() => {
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a distillation bundle', () => {
  it('runs one task per seed into the sets the local job makes, merged once under the project jobs', async () => {
    const config = { datasetId, method: 'dm', ipc: 2, iterations: 3, batchReal: 8, embedder: { arch: 'convnet', width: 8 }, seed: 0 };
    const plan = distillBundle.plan(store, config, { threads: 1, seeds: [1, 2] });
    expect(plan.tasks.map((t) => t.seed)).toEqual([1, 2]);
    const bundleDir = join(dir, 'bundle');
    const written = await writeBundle(store, bundleDir, 'distill', plan);
    for (const task of [0, 1]) {
      expect(await runBundleTask(bundleDir, { task, signal: new AbortController().signal })).toMatchObject({ status: 'done', task });
    }
    const clusterJob = recordClusterJob(store, { kind: 'distill', scheduler: 'slurm', host: null, bundleDir, localDir: bundleDir, bundleId: written.manifest.bundleId, manifestSha256: written.sha256, options: {} }, plan, 'in-process');
    const before = store.listDatasets().length;
    for (const task of [1, 0]) expect((await mergeTaskResult(store, clusterJob.id, task, bundleDir)).kind).toBe('merged');
    expect(store.listDatasets()).toHaveLength(before + 2);

    const local = store.createJob({ kind: 'distill', config: { ...config, seed: 1 }, seed: 1 });
    const outcome = await executeJob(store, { jobId: local.id, kind: 'distill', config: { ...config, seed: 1 } }, new AbortController().signal, () => undefined);
    expect(outcome.status).toBe('done');
    const localSet = store.getDataset((store.getJob(local.id).result as { datasetId: number }).datasetId);

    const standIn = store.getClusterJob(clusterJob.id).tasks[0]!.jobId!;
    const job = store.getJob(standIn);
    expect(job.status).toBe('done');
    const merged = store.getDataset((job.result as { datasetId: number }).datasetId);
    expect(merged.kind).toBe('distilled');
    expect(merged.count).toBe(localSet.count);
    expect(merged.contentHash).toBeTruthy();
    expect(merged.contentHash).toBe(localSet.contentHash);
    expect(lineageOf(merged)).toMatchObject({ jobId: standIn, sourceDatasetId: datasetId });
    const other = store.getDataset((store.getJob(store.getClusterJob(clusterJob.id).tasks[1]!.jobId!).result as { datasetId: number }).datasetId);
    expect(other.contentHash).not.toBe(merged.contentHash);

    for (const task of [0, 1]) expect((await mergeTaskResult(store, clusterJob.id, task, bundleDir)).kind).toBe('already-merged');
    expect(store.listDatasets()).toHaveLength(before + 3);
  }, 180_000);

  it('is what cluster --distill sends: the distill command flags, one task per --seeds entry', async () => {
    const out = await render.run(
      { positionals: [store.path], flags: { distill: true, dataset: 'tiny', method: 'random', ipc: '2', seeds: '4,5,6', slurm: true, out: join(dir, 'rendered') } },
      () => undefined,
    );
    const { bundleDir, tasks } = out.json as { bundleDir: string; tasks: number };
    expect(tasks).toBe(3);
    expect(readManifest(bundleDir).manifest.tasks.map((t) => [t.kind, t.seed, t.config['method'], t.config['ipc'], t.config['datasetId']])).toEqual(
      [4, 5, 6].map((seed) => ['distill', seed, 'random', 2, datasetId]),
    );
  });
});
