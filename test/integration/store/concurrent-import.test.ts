// A long import and a training job on one project at once, each in its own process: the import
// writes in short transactions under a hidden 'writing' dataset, so the job's writes get in
// between and both finish. A killed import leaves nothing visible, and the next open removes
// what it had staged.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedDataset } from '../../../src/main/engine/dsp/synth/write.ts';
import { JobHost } from '../../../src/main/engine/jobs/job-host.ts';
import { openProject } from '../../../src/main/engine/store/project.ts';
import { readProjectFile } from '../../helpers/project-file.ts';

const run = promisify(execFile);
const script = join(import.meta.dirname, 'scripts', 'import-long.ts');
const dir = mkdtempSync(join(tmpdir(), 'amr-import-train-'));
const capture = join(dir, 'chirp.cf32');
const windowLength = 1024;
// 48 MiB of cf32: 6144 windows, some seconds of import on a shared CPU.
const windows = 6144;

beforeAll(() => {
  const samples = windows * windowLength;
  const iq = new Float32Array(2 * samples);
  for (let i = 0; i < samples; i++) {
    iq[2 * i] = Math.cos(i * i * 1e-9);
    iq[2 * i + 1] = Math.sin(i * i * 1e-9);
  }
  writeFileSync(capture, iq);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const staged = (project: string): { datasets: number; chunks: number } =>
  readProjectFile(project, (db) => ({
    datasets: db.prepare("SELECT count(*) FROM datasets WHERE state = 'writing'").pluck().get() as number,
    chunks: db.prepare("SELECT count(*) FROM chunks WHERE dataset_id IN (SELECT id FROM datasets WHERE state = 'writing')").pluck().get() as number,
  }));

async function until(test: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a long import beside other writers', { timeout: 120_000 }, () => {
  it('an import and a training job in two processes both finish: the dataset whole, the model saved', async () => {
    const project = join(dir, 'both.amrproj');
    const store = openProject(project, { create: true });
    const trainSet = await writeGeneratedDataset(store, {
      preset: 'rml2016', classes: ['BPSK', 'QPSK'], snrs: [18], perKey: 16, length: 32, seed: 4, normalisation: 'unit-power',
    });
    store.close();

    const gate = join(dir, 'finish-the-import');
    const importing = run(process.execPath, ['--import', 'tsx', script, project, capture, gate]).then((r) => JSON.parse(r.stdout.trim()));
    await until(() => staged(project).chunks >= 4, 'the import has written chunks');
    const host = new JobHost({ projectPath: project });
    try {
      const jobId = host.start('train', {
        datasetId: trainSet.id,
        name: 'beside an import',
        model: { arch: 'vtcnn2', widths: { conv1: 4, conv2: 4, dense1: 8 } },
        train: { epochs: 1, batchSize: 16, seed: 9, earlyStopping: null },
      });
      // The job's row went in while the import was writing, and the whole job ran before the
      // import ended (it waits for the gate before its last commit).
      expect(staged(project).datasets).toBe(1);
      const job = await host.wait(jobId);
      expect(staged(project).datasets).toBe(1);
      writeFileSync(gate, '');
      const imported = await importing;

      expect(imported).toMatchObject({ ok: true, count: windows });
      expect(job.error).toBeNull();
      expect(job.status).toBe('done');
      const check = openProject(project, { readonly: true });
      try {
        const dataset = check.getDataset(imported.datasetId);
        expect(dataset.count).toBe(windows);
        expect(check.loadSamples({ datasetId: dataset.id }).count).toBe(windows);
        const model = check.getModel((job.result as { modelId: number }).modelId);
        expect(model.weights!.byteLength).toBeGreaterThan(100);
        expect(check.info().datasets).toBe(2);
      } finally {
        check.close();
      }
      expect(staged(project)).toEqual({ datasets: 0, chunks: 0 });
    } finally {
      await host.close();
    }
  });

  it('an import killed mid-way leaves no dataset, and the next open removes what it had staged', async () => {
    const project = join(dir, 'killed.amrproj');
    openProject(project, { create: true }).close();
    const child = spawn(process.execPath, ['--import', 'tsx', script, project, capture], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await until(() => staged(project).chunks >= 8, 'the import has written chunks');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const left = staged(project);
    expect(left.datasets).toBe(1);
    expect(left.chunks).toBeGreaterThanOrEqual(8);
    // A read-only open shows nothing and changes nothing.
    const reader = openProject(project, { readonly: true });
    expect(reader.listDatasets()).toEqual([]);
    expect(reader.info()).toMatchObject({ datasets: 0, samples: 0 });
    reader.close();
    expect(staged(project)).toEqual(left);

    openProject(project).close();
    readProjectFile(project, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const table of ['datasets', 'classes', 'chunks', 'samples', 'recordings', 'annotations']) {
        expect([table, db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()]).toEqual([table, 0]);
      }
    });
  });
});
