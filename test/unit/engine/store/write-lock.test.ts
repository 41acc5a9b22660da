// Writers and the project's write lock: a write waits for another process's short transaction
// and then succeeds; one that waits past its patience gets PROJECT_BUSY naming the project; a
// dataset being written holds the lock only while a chunk goes in, stays invisible until its
// commit, and an abort removes what it wrote.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { samplesPerChunk } from '../../../../src/main/engine/store/dataset-writer.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { readProjectFile } from '../../../helpers/project-file.ts';
import { tempDir } from './temp-project.ts';

/** Another connection (its own thread, like another process) holds the write lock for holdMs. */
function holdLock(file: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const worker = new Worker(
    `const Database = require('better-sqlite3');
     const { parentPort, workerData } = require('node:worker_threads');
     const db = new Database(workerData.file);
     db.exec('BEGIN IMMEDIATE');
     db.prepare("UPDATE jobs SET log = log || 'x'").run();
     parentPort.postMessage('locked');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
     db.exec('COMMIT');
     db.close();`,
    { eval: true, workerData: { file, holdMs } },
  );
  const released = new Promise<void>((resolve, reject) => worker.on('exit', () => resolve()).on('error', reject));
  return new Promise((resolve) => worker.once('message', () => resolve({ released })));
}

describe('the write lock', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    file = join(dir, 'p.amrproj');
    openProject(file, { create: true }).close();
  });
  afterEach(() => cleanup());

  it('a write waits while another connection writes, then goes in', async () => {
    const store = openProject(file, { busyWaitMs: 20_000 });
    try {
      const { released } = await holdLock(file, 400);
      const started = performance.now();
      const job = store.createJob({ kind: 'train', config: {}, seed: 1 });
      expect(performance.now() - started).toBeGreaterThan(200);
      expect(store.getJob(job.id).kind).toBe('train');
      await released;
    } finally {
      store.close();
    }
  });

  it('a write that waits past its patience gets PROJECT_BUSY, naming the project', () => {
    const holder = new Database(file);
    const store = openProject(file, { busyWaitMs: 300 });
    try {
      holder.exec('BEGIN IMMEDIATE');
      const started = performance.now();
      let caught: unknown;
      try {
        store.createJob({ kind: 'train', config: {}, seed: 1 });
      } catch (err) {
        caught = err;
      }
      const waited = performance.now() - started;
      expect(caught).toMatchObject({ code: 'PROJECT_BUSY' });
      expect((caught as Error).message).toContain(`${store.path}: the project is busy`);
      expect(waited).toBeGreaterThanOrEqual(290);
      expect(waited).toBeLessThan(5000);
      holder.exec('ROLLBACK');
      // Nothing half-written: the job row is not there, and the store writes again.
      expect(store.listJobs()).toEqual([]);
      expect(store.createJob({ kind: 'train', config: {}, seed: 1 }).id).toBeGreaterThan(0);
    } finally {
      holder.close();
      store.close();
    }
  });

  it('a dataset being written leaves the lock free between chunks, is invisible until its commit, and an abort removes its rows', () => {
    const store = openProject(file);
    const other = new Database(file);
    try {
      const length = 64;
      const perChunk = samplesPerChunk(length);
      const write = (name: string) => {
        const writer = store.beginDataset({ name, kind: 'generated', format: 'synthetic', sourcePath: null, sourceHash: name, length, params: {} });
        const cls = writer.classIndex('A');
        const n = 3 * perChunk;
        writer.append(new Float32Array(n * 2 * length).fill(0.5), Array.from({ length: n }, (_, i) => ({ classIndex: cls, snr: i % 2 ? 10 : 0, sourceOffset: i })));
        return writer;
      };
      const kept = write('kept');
      // Another connection takes the lock at once (no waiting) while three chunks are written.
      other.pragma('busy_timeout = 0');
      other.exec('BEGIN IMMEDIATE');
      other.exec('COMMIT');
      expect(readProjectFile(file, (db) => db.prepare('SELECT count(*) FROM chunks').pluck().get())).toBe(3);
      const reader = openProject(file, { readonly: true });
      expect(reader.listDatasets()).toEqual([]);
      reader.close();
      const info = kept.commit();
      expect(info).toMatchObject({ name: 'kept', count: 3 * perChunk, snrs: [0, 10], classes: ['A'] });
      expect(store.listDatasets().map((d) => d.name)).toEqual(['kept']);

      const dropped = write('dropped');
      dropped.abort();
      readProjectFile(file, (db) => {
        expect(db.prepare('SELECT count(*) FROM chunks').pluck().get()).toBe(3);
        expect(db.prepare('SELECT count(*) FROM samples').pluck().get()).toBe(3 * perChunk);
        expect(db.prepare('SELECT name FROM datasets').pluck().all()).toEqual(['kept']);
      });
    } finally {
      other.close();
      store.close();
    }
  });
});
