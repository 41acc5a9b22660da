// Scale-out on a real single-node Slurm (munged, slurmctld and slurmd started for this file):
// a pruning study goes out through `amr-studio cluster submit` as an array job, one task per
// cell, comes back through `cluster collect` equal to the same study run here, and merges once;
// a task killed with scancel is reported failed while the others are merged; and a training run
// goes through a login node over ssh (a real sshd), its bundle up with scp and its result back.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as cancel } from '../../../src/main/cli/commands/cluster-cancel.ts';
import { command as collect } from '../../../src/main/cli/commands/cluster-collect.ts';
import type { CollectReport } from '../../../src/main/engine/cluster/collect.ts';
import { activeStates } from '../../../src/main/engine/cluster/slurm/slurm-states.ts';
import { refreshTaskStates } from '../../../src/main/engine/cluster/task-states.ts';
import { executeJob } from '../../../src/main/engine/jobs/execute-job.ts';
import { openProject } from '../../../src/main/engine/store/project.ts';
import { makeClusterProject, type ClusterTestProject } from '../../helpers/cluster-project.ts';
import { projectDigest } from '../../helpers/project-digest.ts';
import { slurmUnavailable, startSlurm, type SlurmCluster } from '../../helpers/slurm-cluster.ts';
import { sshUnavailable, startSshServer } from '../../helpers/ssh-server.ts';
import { comparableRows } from '../../helpers/study-rows.ts';

const unavailable = slurmUnavailable();
if (unavailable) console.warn(`skipping the Slurm tests: ${unavailable}`);
const noSsh = sshUnavailable();
if (noSsh && !unavailable) console.warn(`skipping the Slurm-over-ssh test: ${noSsh}`);

const cli = fileURLToPath(new URL('../../../bin/amr-studio.mjs', import.meta.url));
const log = (): void => undefined;

let slurm: SlurmCluster;
let project: ClusterTestProject;
let confBefore: string | undefined;

/** `amr-studio …` as a user runs it, in its own process. */
function amrStudio(args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, [cli, ...args, '--json'], { env: slurm.env, encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out) as Record<string, unknown>;
}

function studyFlags(methods: string, recoveries: string): string[] {
  return ['--study', '--model', String(project.modelId), '--methods', methods, '--recoveries', recoveries, '--ratio', '0.5', '--epochs', '1', '--seed', '5'];
}

function studyConfig(methods: string, recoveries: string): Record<string, unknown> {
  return { modelId: project.modelId, methods: methods.split(','), recoveries: recoveries.split(','), ratios: [0.5], epochs: 1, seed: 5 };
}

async function untilSlurm(clusterJobId: number, done: (states: Map<number, string>) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 150_000;
  for (;;) {
    const store = openProject(project.projectPath);
    try {
      const { states } = await refreshTaskStates(store, clusterJobId);
      if (done(new Map([...states].map(([t, s]) => [t, s.state])))) return;
    } finally {
      store.close();
    }
    if (Date.now() > deadline) throw new Error(`Slurm: ${what} did not happen in time`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const finished = (n: number) => (states: Map<number, string>) => states.size === n && [...states.values()].every((s) => !activeStates.has(s));

async function collectJob(clusterJobId: number): Promise<CollectReport> {
  const out = await collect.run({ positionals: [project.projectPath], flags: { job: String(clusterJobId) } }, log);
  return (out.json as { reports: CollectReport[] }).reports[0]!;
}

function jobOf(jobId: number) {
  const store = openProject(project.projectPath, { readonly: true });
  try {
    return store.getJob(jobId);
  } finally {
    store.close();
  }
}

describe.skipIf(unavailable !== null)('cluster jobs on a real single-node Slurm', () => {
  beforeAll(async () => {
    slurm = await startSlurm();
    confBefore = process.env['SLURM_CONF'];
    // the collect and cancel commands run in this process
    process.env['SLURM_CONF'] = slurm.conf;
    project = await makeClusterProject('amr-slurm-project-');
  }, 120_000);

  afterAll(() => {
    if (confBefore === undefined) delete process.env['SLURM_CONF'];
    else process.env['SLURM_CONF'] = confBefore;
    slurm?.stop();
    if (project) rmSync(project.dir, { recursive: true, force: true });
  });

  it('runs a pruning study as an array, one task per cell, and merges the table the local study gives, once', async () => {
    const methods = 'reverse-order,magnitude-l1';
    const recoveries = 'none,partial-1';
    const submitted = amrStudio(['cluster', 'submit', project.projectPath, ...studyFlags(methods, recoveries), '--slurm', '--cpus', '1']);
    // the baseline and 2 methods × 2 recoveries
    expect(submitted).toMatchObject({ tasks: 5, schedulerJobId: expect.stringMatching(/^\d+$/) });
    const clusterJobId = submitted['clusterJobId'] as number;
    const [studyJobId] = submitted['projectJobs'] as number[];
    const array = spawnSync('scontrol', ['show', 'job', '-o', String(submitted['schedulerJobId'])], { env: slurm.env, encoding: 'utf8' }).stdout;
    expect(array).toMatch(/ArrayJobId=\d+ ArrayTaskId=/);

    await untilSlurm(clusterJobId, finished(5), 'all five tasks finishing');
    const report = await collectJob(clusterJobId);
    expect(report.tasks.map((t) => [t.task, t.outcome, t.schedulerState])).toEqual([0, 1, 2, 3, 4].map((t) => [t, 'merged', 'COMPLETED']));
    const merged = jobOf(studyJobId!);
    expect(merged.status).toBe('done');

    const store = openProject(project.projectPath);
    let localRows: Record<string, unknown>[];
    try {
      const config = studyConfig(methods, recoveries);
      const local = store.createJob({ kind: 'prune-study', config, seed: 5 });
      const outcome = await executeJob(store, { jobId: local.id, kind: 'prune-study', config }, new AbortController().signal, () => undefined);
      expect(outcome.status).toBe('done');
      localRows = (store.getJob(local.id).result as { rows: Record<string, unknown>[] }).rows;
    } finally {
      store.close();
    }
    expect(localRows.map((r) => `${r['method']} ${r['recovery']}`)).toEqual(['baseline none', 'reverse-order none', 'reverse-order partial-1', 'magnitude-l1 none', 'magnitude-l1 partial-1']);
    expect(comparableRows((merged.result as { rows: Record<string, unknown>[] }).rows)).toEqual(comparableRows(localRows));

    const digest = projectDigest(project.projectPath);
    const again = await collectJob(clusterJobId);
    expect(again.tasks.map((t) => t.outcome)).toEqual(Array(5).fill('already-merged'));
    expect(projectDigest(project.projectPath)).toBe(digest);
  }, 240_000);

  it('reports a task killed with scancel as failed, with its log, and still merges the others', async () => {
    const submitted = amrStudio(['cluster', 'submit', project.projectPath, ...studyFlags('reverse-order', 'none,partial-1'), '--slurm', '--cpus', '1']);
    const clusterJobId = submitted['clusterJobId'] as number;
    const [studyJobId] = submitted['projectJobs'] as number[];
    await untilSlurm(clusterJobId, (s) => s.get(1) === 'RUNNING', 'task 1 starting');
    await cancel.run({ positionals: [project.projectPath], flags: { job: String(clusterJobId), task: '1' } }, log);
    await untilSlurm(clusterJobId, finished(3), 'all three tasks ending');

    const report = await collectJob(clusterJobId);
    expect(report.tasks.map((t) => [t.task, t.outcome])).toEqual([[0, 'merged'], [1, 'failed'], [2, 'merged']]);
    const killed = report.tasks[1]!;
    expect(killed.message).toMatch(/cancel/i);
    expect(killed.logTail).toBeDefined();
    const study = jobOf(studyJobId!);
    expect(study.status).toBe('failed');
    expect(study.error?.message).toMatch(/task 1 of Slurm job \d+ failed; the other results are merged/);
    expect((study.result as { cells: number[] }).cells).toEqual([0, 2]);

    const digest = projectDigest(project.projectPath);
    const again = await collectJob(clusterJobId);
    expect(again.tasks.map((t) => t.outcome)).toEqual(['already-merged', 'failed', 'already-merged']);
    expect(projectDigest(project.projectPath)).toBe(digest);
  }, 240_000);

  it.skipIf(noSsh !== null)('submits through a login node over ssh: the bundle goes up with scp, the result comes back and merges', async () => {
    const ssh = await startSshServer({ SLURM_CONF: slurm.conf });
    const remote = mkdtempSync(join(tmpdir(), 'amr-login-node-'));
    const staging = join(project.dir, 'staging');
    try {
      const submitted = amrStudio([
        'cluster', 'submit', project.projectPath, '--train', '--dataset', String(project.datasetId), '--model', 'cnn1d', '--epochs', '1', '--batch', '16', '--seed', '3',
        '--slurm', '--ssh', ssh.host, '--ssh-config', ssh.config, '--workdir', remote, '--local-workdir', staging, '--amr-studio', `${process.execPath} ${cli}`,
      ]);
      const clusterJobId = submitted['clusterJobId'] as number;
      const [trainJobId] = submitted['projectJobs'] as number[];
      const bundleDir = submitted['bundleDir'] as string;
      const name = bundleDir.slice(remote.length + 1);
      expect(bundleDir.startsWith(`${remote}/train-`)).toBe(true);
      // written here, copied up: the scheduler reads the copy
      expect(existsSync(join(staging, name, 'manifest.json'))).toBe(true);
      expect(existsSync(join(bundleDir, 'job.sbatch'))).toBe(true);

      await untilSlurm(clusterJobId, finished(1), 'the training task finishing');
      const report = await collectJob(clusterJobId);
      expect(report.tasks.map((t) => t.outcome)).toEqual(['merged']);
      // the result came back into the local copy before it was merged
      expect(existsSync(join(staging, name, 'results', 'task-0.amrresult'))).toBe(true);
      const job = jobOf(trainJobId!);
      expect(job.status).toBe('done');
      const store = openProject(project.projectPath, { readonly: true });
      try {
        const model = store.getModel((job.result as { modelId: number }).modelId);
        expect(model).toMatchObject({ architecture: 'cnn1d', datasetId: project.datasetId, jobId: trainJobId, config: expect.objectContaining({ seed: 3 }) });
        expect(model.weightsBytes).toBeGreaterThan(0);
      } finally {
        store.close();
      }
    } finally {
      ssh.stop();
      rmSync(remote, { recursive: true, force: true });
    }
  }, 240_000);
});
