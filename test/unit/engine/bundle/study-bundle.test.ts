// A pruning study sent as a job bundle and run task by task in this process (what each Slurm
// array task does on its node): the merged table equals the same study run as one local job,
// and merging again changes nothing.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { studyBundle } from '../../../../src/main/engine/bundle/kinds/prune-study.ts';
import { readManifest } from '../../../../src/main/engine/bundle/manifest.ts';
import { mergeTaskResult } from '../../../../src/main/engine/bundle/merge-result.ts';
import { runBundleTask } from '../../../../src/main/engine/bundle/run-task.ts';
import { writeBundle } from '../../../../src/main/engine/bundle/write-bundle.ts';
import { recordClusterJob } from '../../../../src/main/engine/cluster/project-jobs.ts';
import { executeJob } from '../../../../src/main/engine/jobs/execute-job.ts';
import { openProject, type ProjectStore } from '../../../../src/main/engine/store/project.ts';
import { fourCellStudy, makeClusterProject, type ClusterTestProject } from '../../../helpers/cluster-project.ts';
import { comparableRows } from '../../../helpers/study-rows.ts';

let project: ClusterTestProject;
let store: ProjectStore;

beforeAll(async () => {
  project = await makeClusterProject('amr-study-bundle-');
  store = openProject(project.projectPath);
}, 120_000);

afterAll(() => {
  store?.close();
  if (project) rmSync(project.dir, { recursive: true, force: true });
});

describe('a study bundle', () => {
  it('runs cell by cell into a table equal to the local study, merged once', async () => {
    const config = { modelId: project.modelId, ...fourCellStudy };
    const plan = studyBundle.plan(store, config, { threads: 1 });
    expect(plan.tasks).toHaveLength(5);
    const bundleDir = join(project.dir, 'bundle');
    const written = await writeBundle(store, bundleDir, 'prune-study', plan);
    expect(readManifest(bundleDir).sha256).toBe(written.sha256);

    for (let task = 0; task < plan.tasks.length; task++) {
      const receipt = await runBundleTask(bundleDir, { task, signal: new AbortController().signal });
      expect(receipt).toMatchObject({ status: 'done', task, bundleId: written.manifest.bundleId, manifestSha256: written.sha256 });
    }
    const clusterJob = recordClusterJob(store, { kind: 'prune-study', scheduler: 'slurm', host: null, bundleDir, localDir: bundleDir, bundleId: written.manifest.bundleId, manifestSha256: written.sha256, options: {} }, plan, 'in-process');
    for (const task of [3, 0, 4, 1, 2]) {
      expect((await mergeTaskResult(store, clusterJob.id, task, bundleDir)).kind).toBe('merged');
    }
    const merged = store.getJob(clusterJob.jobId!);
    expect(merged.status).toBe('done');

    const local = store.createJob({ kind: 'prune-study', config, seed: config.seed });
    const outcome = await executeJob(store, { jobId: local.id, kind: 'prune-study', config }, new AbortController().signal, () => undefined);
    expect(outcome.status).toBe('done');
    const localRows = (store.getJob(local.id).result as { rows: Record<string, unknown>[] }).rows;
    const mergedRows = (merged.result as { rows: Record<string, unknown>[] }).rows;
    expect(comparableRows(mergedRows)).toEqual(comparableRows(localRows));

    for (let task = 0; task < plan.tasks.length; task++) {
      expect((await mergeTaskResult(store, clusterJob.id, task, bundleDir)).kind).toBe('already-merged');
    }
    expect((store.getJob(clusterJob.jobId!).result as { rows: unknown[] }).rows).toHaveLength(5);
  }, 180_000);
});
