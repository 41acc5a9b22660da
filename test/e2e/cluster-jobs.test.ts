// Cluster jobs in the app, in real Chromium over a real engine and a real single-node Slurm: a
// study submitted from the Pruning page's "Run on a Slurm cluster", its array tasks followed on
// the Jobs page, collected there (each result merged once), the study job done with the
// merged table.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellJoin } from '../../src/main/engine/cluster/shell-words.ts';
import { makeClusterProject, type ClusterTestProject } from '../helpers/cluster-project.ts';
import { slurmUnavailable, startSlurm, type SlurmCluster } from '../helpers/slurm-cluster.ts';
import { startHarness, type Harness } from './harness.ts';

const unavailable = slurmUnavailable();
if (unavailable) console.warn(`skipping the cluster jobs e2e: ${unavailable}`);

const cli = fileURLToPath(new URL('../../bin/amr-studio.mjs', import.meta.url));

describe.skipIf(unavailable !== null)('cluster jobs page in Chromium on a real Slurm', () => {
  let slurm: SlurmCluster;
  let project: ClusterTestProject;
  let h: Harness;
  let confBefore: string | undefined;

  beforeAll(async () => {
    slurm = await startSlurm();
    confBefore = process.env['SLURM_CONF'];
    // the engine behind the page runs sbatch, squeue and scontrol in this process
    process.env['SLURM_CONF'] = slurm.conf;
    project = await makeClusterProject('amr-e2e-cluster-');
    h = await startHarness({ projectPath: project.projectPath });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    if (confBefore === undefined) delete process.env['SLURM_CONF'];
    else process.env['SLURM_CONF'] = confBefore;
    slurm?.stop();
    if (project) rmSync(project.dir, { recursive: true, force: true });
  });

  it('submits a study from the Pruning page, follows its tasks and collects them on the Jobs page', async () => {
    const { page } = h;
    await page.click('nav [data-page="pruning"]');
    const study = page.locator('form[aria-label="Study settings"]');
    await study.waitFor();
    for (const box of await study.locator('input[name="study-method"], input[name="study-recovery"]').all()) {
      const value = await box.getAttribute('value');
      await box.setChecked(value === 'reverse-order' || value === 'none');
    }
    await study.locator('input[name="study-ratio"]').fill('0.5');
    await study.locator('input[name="study-epochs"]').fill('1');
    await study.locator('details.cluster-submit summary').click();
    const fieldShows = (name: string, value: string) =>
      page.waitForFunction(([n, v]) => (document.querySelector(`input[name="${n}"]`) as HTMLInputElement | null)?.value === v, [name, value]);
    h.answerNextDialog(join(project.dir, 'bundles'));
    await study.locator('button[name="cluster-workdir-choose"]').click();
    await fieldShows('cluster-workdir', join(project.dir, 'bundles'));
    // The nodes of a local Slurm run a program of this machine, chosen in a dialog: a typed
    // command is refused (tested in path-grants), so a one-line launcher stands for the installed CLI.
    const launcher = join(project.dir, 'amr-studio');
    writeFileSync(launcher, `#!/bin/sh\nexec ${shellJoin([process.execPath, cli])} "$@"\n`, { mode: 0o755 });
    h.answerNextDialog(launcher);
    await study.locator('button[name="cluster-amrStudio-choose"]').click();
    await fieldShows('cluster-amrStudio', launcher);
    expect(await study.locator('input[name="cluster-workdir"]').inputValue()).toBe(join(project.dir, 'bundles'));
    await study.getByRole('button', { name: /Submit to cluster \(2 tasks/ }).click();
    await page.waitForSelector('[data-testid="cluster-submitted"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="cluster-submitted"]')).toMatch(/Submitted to Slurm as job \d+ \(2 tasks\)/);
    await study.scrollIntoViewIfNeeded();
    await h.screenshot('cluster-submit');

    const [clusterJob] = h.engine.store.listClusterJobs();
    expect(clusterJob).toMatchObject({ kind: 'prune-study', scheduler: 'slurm', taskCount: 2 });
    await page.click('nav [data-page="jobs"]');
    const row = page.locator(`tr[data-cluster-job-id="${clusterJob!.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(clusterJob!.schedulerJobId!);
    // the study job standing for the array is listed beside the local jobs, waiting on the cluster
    await page.waitForSelector(`table[aria-label="Jobs"] tr[data-job-id="${clusterJob!.jobId}"]`);

    const deadline = Date.now() + 150_000;
    for (;;) {
      await row.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForSelector(`tr[data-cluster-job-id="${clusterJob!.id}"] button:not([disabled])`);
      const states = await row.locator('li.cluster-task').allTextContents();
      if (states.length === 2 && states.every((s) => s.includes('COMPLETED'))) break;
      if (Date.now() > deadline) throw new Error(`the tasks did not finish in time: ${states.join(', ')}`);
      await page.waitForTimeout(1000);
    }
    await row.getByRole('button', { name: 'Collect' }).click();
    const report = page.locator(`section[aria-label="Collect report of cluster job ${clusterJob!.id}"]`);
    await report.waitFor({ timeout: 60_000 });
    expect(await report.locator('li').evaluateAll((items) => items.map((i) => i.getAttribute('data-outcome')))).toEqual(['merged', 'merged']);
    await page.waitForFunction((id) => document.querySelectorAll(`tr[data-cluster-job-id="${id}"] li[data-outcome="merged"]`).length === 2, clusterJob!.id);
    const merged = h.engine.store.getJob(clusterJob!.jobId!);
    expect(merged.status).toBe('done');
    expect((merged.result as { rows: { method: string; recovery: string }[] }).rows.map((r) => `${r.method} ${r.recovery}`)).toEqual(['baseline none', 'reverse-order none']);
    await h.screenshot('cluster-jobs');

    // collecting again merges nothing twice
    const before = { log: merged.log, tasks: h.engine.store.getClusterJob(clusterJob!.id).tasks };
    await row.getByRole('button', { name: 'Collect' }).click();
    await page.waitForFunction(
      (id) => [...document.querySelectorAll(`section[aria-label="Collect report of cluster job ${id}"] li`)].every((li) => li.getAttribute('data-outcome') === 'already-merged'),
      clusterJob!.id,
    );
    expect({ log: h.engine.store.getJob(clusterJob!.jobId!).log, tasks: h.engine.store.getClusterJob(clusterJob!.id).tasks }).toEqual(before);
    expect(h.problems).toEqual([]);
  }, 300_000);
});
