// Reading a project without writing it: from a read-only folder (a real permission check, run as
// an unprivileged user when the tests run as root, who may write anywhere), without leaving a
// -wal or -shm behind, without waiting for a writer; and the WAL stays bounded while job results
// pile up beside a reader.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGeneratedDataset } from '../../../src/main/engine/dsp/synth/write.ts';
import { walSizeLimitBytes } from '../../../src/main/engine/store/open-database.ts';
import { openProject, openProjectForReading } from '../../../src/main/engine/store/project.ts';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../../bin/amr-studio.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'amr-read-only-'));
afterAll(() => {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir)) if (statSync(join(dir, entry)).isDirectory()) chmodSync(join(dir, entry), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

async function projectWithData(name: string): Promise<string> {
  const folder = join(dir, name);
  mkdirSync(folder);
  const file = join(folder, 'lab.amrproj');
  const store = openProject(file, { create: true });
  await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK'], snrs: [0, 10], perKey: 4, length: 32, seed: 2, normalisation: 'unit-power' });
  store.close();
  return file;
}

/**
 * Makes the file and its folder read-only and returns how to run the CLI there: as nobody when
 * the tests run as root (root writes through permission bits), as a user would.
 */
function lockDown(file: string): { asUser: { uid?: number; gid?: number }; env: NodeJS.ProcessEnv } {
  chmodSync(file, 0o444);
  chmodSync(join(file, '..'), 0o555);
  chmodSync(dir, 0o755);
  return {
    asUser: process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {},
    env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), TMPDIR: tmpdir() },
  };
}

describe('reading a project', { timeout: 60_000 }, () => {
  it('in a read-only folder, a read-only file: `datasets` and `project info` work, and nothing is written there', async () => {
    const file = await projectWithData('locked');
    const folder = join(file, '..');
    const before = sha256(file);
    const { asUser, env } = lockDown(file);
    const datasets = JSON.parse((await run(process.execPath, [cli, 'datasets', file, '--json'], { ...asUser, env })).stdout);
    expect(datasets.map((d: { name: string; count: number }) => [d.name, d.count])).toEqual([[expect.any(String), 16]]);
    const info = JSON.parse((await run(process.execPath, [cli, 'project', 'info', file, '--json'], { ...asUser, env })).stdout);
    expect(info).toMatchObject({ datasets: 1, samples: 16 });
    expect(readdirSync(folder)).toEqual(['lab.amrproj']);
    expect(sha256(file)).toBe(before);
  });

  it('in a read-only folder, a file left in WAL mode is refused as READ_ONLY with what to do, and nothing is written there', async () => {
    const file = await projectWithData('locked-wal');
    const folder = join(file, '..');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.close();
    const before = sha256(file);
    const { asUser, env } = lockDown(file);
    const failed = await run(process.execPath, [cli, 'datasets', file, '--json'], { ...asUser, env }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).not.toBe(0);
    expect(failed?.stderr).toContain('READ_ONLY');
    expect(failed?.stderr).toContain(`${file}: cannot be read where it is: it was left in write-ahead-log mode`);
    expect(failed?.stderr).toMatch(/open it once where it can be written, or copy it with its -wal file/);
    expect(readdirSync(folder)).toEqual(['lab.amrproj']);
    expect(sha256(file)).toBe(before);
  });

  it('a read-only open of a project left in WAL mode leaves no -wal or -shm behind', async () => {
    const file = await projectWithData('wal');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.close();
    expect(readFileSync(file)[18]).toBe(2); // the header says WAL, with no -wal beside it
    const reader = openProject(file, { readonly: true });
    expect(reader.listDatasets()).toHaveLength(1);
    expect(() => reader.createJob({ kind: 'train', config: {}, seed: 1 })).toThrow(/readonly|read-only/i);
    reader.close();
    expect(readdirSync(join(file, '..'))).toEqual(['lab.amrproj']);
  });

  it('a reader neither waits for nor sees a write in progress, and a writer closes without waiting', async () => {
    const file = await projectWithData('busy');
    const writer = openProject(file);
    const holder = new Database(file);
    try {
      holder.exec('BEGIN IMMEDIATE');
      holder.prepare("INSERT INTO jobs (kind, seed, created_at, updated_at) VALUES ('train', 1, 'now', 'now')").run();
      let started = performance.now();
      const reader = openProjectForReading(file);
      expect(reader.listDatasets()).toHaveLength(1);
      expect(reader.listJobs()).toEqual([]);
      reader.close();
      expect(performance.now() - started).toBeLessThan(2000);
      started = performance.now();
      writer.close();
      expect(performance.now() - started).toBeLessThan(2000);
      holder.exec('COMMIT');
    } finally {
      holder.close();
      writer.close();
    }
  });

  it('the WAL is cut back to its bound once a reader that pinned it has gone, after many job writes', () => {
    const file = join(dir, 'results.amrproj');
    const store = openProject(file, { create: true });
    const reader = new Database(file, { readonly: true });
    try {
      const job = store.createJob({ kind: 'train', config: {}, seed: 1 });
      // An epoch's checkpoint, different everywhere each time (SQLite writes only the pages that change).
      const epoch = (k: number) => store.saveCheckpoint({ jobId: job.id, epoch: k, state: {}, weights: new Uint8Array(2 ** 21).fill(k + 1), bestWeights: null, optimizer: null });
      // A reader in the middle of a read keeps every later page in the log.
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM jobs').get();
      for (let k = 0; k < 20; k++) {
        epoch(k);
        store.foldWal();
      }
      const pinned = statSync(`${file}-wal`).size;
      expect(pinned).toBeGreaterThan(walSizeLimitBytes);
      reader.exec('COMMIT');
      for (let k = 20; k < 22; k++) {
        epoch(k);
        store.foldWal();
      }
      expect(statSync(`${file}-wal`).size).toBeLessThanOrEqual(walSizeLimitBytes);
      expect(store.findCheckpoint(job.id)?.epoch).toBe(21);
    } finally {
      reader.close();
      store.close();
    }
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
