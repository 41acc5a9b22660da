// A host that serves a UI keeps a job worker started ahead of the next job, below its own CPU
// priority: the job runs in that very process, a fresh spare follows the job, and closing the
// host ends the spare. It also loads ahead the checks a submitted import runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JobHost } from '../../../src/main/engine/jobs/job-host.ts';
import { jobChecks } from '../../../src/main/engine/jobs/kinds/checks.ts';
import { openProject } from '../../../src/main/engine/store/project.ts';
import { processAlive } from '../../helpers/process-alive.ts';
import { writeRecording } from '../../unit/engine/io/sigmf-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-prewarm-'));
const projectPath = join(dir, 'prewarm.amrproj');
openProject(projectPath, { create: true }).close();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until<T>(probe: () => T | undefined, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('prewarmed job workers', { timeout: 120_000 }, () => {
  // First: the other cases' hosts load checks into this file's modules.
  it('loads the checks of the kinds without TF.js ahead, so that submitting an import loads no code', async () => {
    const plain = new JobHost({ projectPath });
    await plain.warmed;
    expect(jobChecks['import']!.loaded).toBe(false);
    await plain.close();

    const host = new JobHost({ projectPath, prewarm: true });
    try {
      await host.warmed;
      expect(jobChecks['import']!.loaded).toBe(true);
      expect(jobChecks['train']!.loaded).toBe(false);
      const jobsBefore = host.list().length;
      await expect(host.submit('import', { path: join(dir, 'missing.sigmf-meta') })).rejects.toThrow('no such file');
      expect(host.list()).toHaveLength(jobsBefore);
    } finally {
      await host.close();
    }
  });

  it('runs the job in the spare started ahead, at the lower priority, then starts the next spare; close ends it', async () => {
    const host = new JobHost({ projectPath, prewarm: true, workerNiceness: 5 });
    const lowered = Math.min(19, getPriority() + 5);
    try {
      const spare = host.spareWorkerPid()!;
      expect(spare).toBeGreaterThan(0);
      expect(getPriority(spare)).toBe(lowered);
      const jobId = host.start('import', { path: writeRecording(dir, 'first') });
      expect(host.workerPid(jobId)).toBe(spare);
      expect(host.spareWorkerPid()).toBeUndefined();
      const job = await host.wait(jobId);
      expect(job.status).toBe('done');
      expect(job.log).toContain(`worker ${spare} no compute backend`);

      const next = await until(() => host.spareWorkerPid(), 'the next spare worker');
      expect(next).not.toBe(spare);
      expect(getPriority(next)).toBe(lowered);
      await host.close();
      await until(() => (processAlive(next) ? undefined : true), 'the spare to end', 10_000);
      expect(host.spareWorkerPid()).toBeUndefined();
    } finally {
      await host.close();
    }
  });

  it('a plain host starts a worker per job at its own priority and keeps none waiting', async () => {
    const host = new JobHost({ projectPath });
    try {
      expect(host.spareWorkerPid()).toBeUndefined();
      const jobId = host.start('import', { path: writeRecording(dir, 'second') });
      expect(getPriority(host.workerPid(jobId)!)).toBe(getPriority());
      expect((await host.wait(jobId)).status).toBe('done');
      expect(host.spareWorkerPid()).toBeUndefined();
    } finally {
      await host.close();
    }
  });
});
