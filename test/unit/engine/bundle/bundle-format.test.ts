// The bundle format's guarantees, on a one-task training bundle run in this process: a bundle
// or receipt from a newer format is refused, so is a bundle whose data changed, and a result
// that does not match its bundle (or its own receipt) is refused with the project unchanged. A
// good result brings the model, its metrics and its job log home once.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundlePlan } from '../../../../src/main/engine/bundle/bundle-kind.ts';
import { trainBundle } from '../../../../src/main/engine/bundle/kinds/train.ts';
import { bundleFormatVersion, dataFile, manifestFile, readManifest } from '../../../../src/main/engine/bundle/manifest.ts';
import { mergeTaskResult } from '../../../../src/main/engine/bundle/merge-result.ts';
import { readReceipt, taskPaths } from '../../../../src/main/engine/bundle/receipt.ts';
import { runBundleTask } from '../../../../src/main/engine/bundle/run-task.ts';
import { writeBundle } from '../../../../src/main/engine/bundle/write-bundle.ts';
import { recordClusterJob } from '../../../../src/main/engine/cluster/project-jobs.ts';
import type { ClusterJobRecord } from '../../../../src/main/engine/store/cluster-jobs.ts';
import { openProject, type ProjectStore } from '../../../../src/main/engine/store/project.ts';
import { makeClusterProject, tinyModel, tinyTrain, type ClusterTestProject } from '../../../helpers/cluster-project.ts';
import { projectDigest } from '../../../helpers/project-digest.ts';

let project: ClusterTestProject;
let store: ProjectStore;
let plan: BundlePlan;
let bundleDir: string;
let bundle: Awaited<ReturnType<typeof writeBundle>>;
/** what submission records once Slurm accepted the bundle */
let clusterJob: ClusterJobRecord;

const run = (dir: string, task = 0) => runBundleTask(dir, { task, signal: new AbortController().signal });


/** A copy of the bundle folder, to spoil without touching the good one. */
function copyOf(name: string): string {
  const dir = join(project.dir, name);
  cpSync(bundleDir, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  project = await makeClusterProject('amr-bundle-format-');
  store = openProject(project.projectPath);
  plan = trainBundle.plan(store, { datasetId: project.datasetId, name: 'from the cluster', model: tinyModel, train: { ...tinyTrain, seed: 9 } }, { threads: 1 });
  bundleDir = join(project.dir, 'train-bundle');
  bundle = await writeBundle(store, bundleDir, 'train', plan);
  expect((await run(bundleDir)).status).toBe('done');
  clusterJob = recordClusterJob(store, { kind: 'train', scheduler: 'slurm', host: null, bundleDir, localDir: bundleDir, bundleId: bundle.manifest.bundleId, manifestSha256: bundle.sha256, options: {} }, plan, 'in-process');
}, 120_000);

afterAll(() => {
  store?.close();
  if (project) rmSync(project.dir, { recursive: true, force: true });
});

describe('bundle format', () => {
  it('holds only the dataset the task reads, under its project id, with the hash the manifest gives', () => {
    const { manifest } = readManifest(bundleDir);
    expect(manifest).toMatchObject({ format: 'amr-studio-bundle', version: bundleFormatVersion, kind: 'train', inputs: { datasets: [project.datasetId], models: [] } });
    expect(manifest.tasks).toEqual([{ kind: 'train', seed: 9, config: expect.objectContaining({ datasetId: project.datasetId, train: expect.objectContaining({ seed: 9, threads: 1 }) }) }]);
    const data = openProject(join(bundleDir, dataFile), { readonly: true });
    try {
      expect(data.listDatasets().map((d) => [d.id, d.count, d.split])).toEqual([[project.datasetId, store.getDataset(project.datasetId).count, store.getDataset(project.datasetId).split]]);
      expect(data.listModels()).toEqual([]);
      const ours = store.loadSamples({ datasetId: project.datasetId, split: 'train' });
      const theirs = data.loadSamples({ datasetId: project.datasetId, split: 'train' });
      expect(Buffer.from(theirs.x.buffer).equals(Buffer.from(ours.x.buffer))).toBe(true);
      expect([...theirs.y]).toEqual([...ours.y]);
    } finally {
      data.close();
    }
  });

  it('refuses a bundle written by a newer format version', async () => {
    const dir = copyOf('newer');
    const manifest = JSON.parse(readFileSync(join(dir, manifestFile), 'utf8'));
    writeFileSync(join(dir, manifestFile), JSON.stringify({ ...manifest, version: bundleFormatVersion + 1, somethingNew: true }));
    expect(() => readManifest(dir)).toThrow(/written by a newer AMR Studio \(bundle format 2, this version reads up to 1\)/);
    await expect(run(dir)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('refuses to run a task when the bundle data no longer has the hash its manifest names', async () => {
    const dir = copyOf('changed-data');
    const path = join(dir, dataFile);
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(path, bytes);
    await expect(run(dir)).rejects.toThrow(/SHA-256 [0-9a-f]{64} differs from the manifest's/);
    expect(readReceipt(taskPaths(dir, 0).receipt)).toBeUndefined();
  });

  it('refuses a result from another bundle, or one changed after its receipt, and leaves the project as it was', async () => {
    const otherBundle = copyOf('other-bundle');
    const receiptPath = taskPaths(otherBundle, 0).receipt;
    const receipt = readReceipt(receiptPath)!;
    writeFileSync(receiptPath, JSON.stringify({ ...receipt, manifestSha256: 'f'.repeat(64) }));
    const damaged = copyOf('damaged-result');
    const resultPath = taskPaths(damaged, 0).result;
    const bytes = readFileSync(resultPath);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(resultPath, bytes);

    const before = projectDigest(project.projectPath);
    await expect(mergeTaskResult(store, clusterJob.id, 0, otherBundle)).rejects.toThrow(/not of task 0 of this job's bundle .*not merged/);
    await expect(mergeTaskResult(store, clusterJob.id, 0, damaged)).rejects.toThrow(/SHA-256 [0-9a-f]{64} differs from its receipt's .*not merged/);
    expect(projectDigest(project.projectPath)).toBe(before);
  });

  it('merges a good result once: the model, its metrics and its job, under project ids', async () => {
    const job = clusterJob;
    const projectJobId = job.tasks[0]!.jobId!;
    const modelsBefore = store.listModels().length;
    const merged = await mergeTaskResult(store, job.id, 0, bundleDir);
    expect(merged.kind).toBe('merged');
    const done = store.getJob(projectJobId);
    expect(done.status).toBe('done');
    const modelId = (done.result as { modelId: number }).modelId;
    const model = store.getModel(modelId);
    expect(model).toMatchObject({ name: 'from the cluster', datasetId: project.datasetId, jobId: projectJobId, operation: 'train' });
    expect(model.weightsBytes).toBeGreaterThan(0);
    expect(store.listMetrics({ modelId, kind: 'epoch' })).toHaveLength(1);
    expect(store.listMetrics({ jobId: projectJobId }).every((m) => m.modelId === modelId)).toBe(true);
    expect(done.log).toMatch(/bundle [0-9a-f-]{36} task 0 on /);
    expect(store.getClusterJob(job.id).tasks[0]).toMatchObject({ outcome: 'merged', resultSha256: readReceipt(taskPaths(bundleDir, 0).receipt)!.resultSha256 });

    const digest = projectDigest(project.projectPath);
    expect((await mergeTaskResult(store, job.id, 0, bundleDir)).kind).toBe('already-merged');
    expect(projectDigest(project.projectPath)).toBe(digest);
    expect(store.listModels()).toHaveLength(modelsBefore + 1);
  });
});
