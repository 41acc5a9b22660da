// importFile through the real project store: one transaction per import, duplicates recognised by
// content hash, and every failure or cancellation leaving the project file as it was.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectFormat, importFile } from '../../../src/main/engine/io/registry.ts';
import { openProject, type ProjectStore } from '../../../src/main/engine/store/project.ts';
import { recordingBytes, recordingMeta, writeRecording } from '../../unit/engine/io/sigmf-fixture.ts';
import { failure } from '../../unit/engine/io/import-helpers.ts';
import { readProjectFile } from '../../helpers/project-file.ts';
import { python, writePythonPickles } from '../../helpers/python-pickles.ts';

/** A minimal .npy (version 1.0, '<f4', C order) written by hand: shape (n, 2, L), value = index. */
function writeNpy(path: string, n: number, L: number, cutBytes = 0): void {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${n}, 2, ${L}), }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const pre = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(pre);
  pre.writeUInt16LE(header.length, 8);
  const data = new Float32Array(n * 2 * L).map((_, i) => i);
  const bytes = Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data.buffer)]);
  writeFileSync(path, bytes.subarray(0, bytes.length - cutBytes));
}

const tables = ['datasets', 'classes', 'chunks', 'recordings', 'annotations', 'samples'];

function snapshot(store: ProjectStore): string {
  const counts = readProjectFile(store.path, (db) => tables.map((t) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()));
  return JSON.stringify({ datasets: store.listDatasets(), counts });
}

describe('importFile into a project', () => {
  let dir: string;
  let store: ProjectStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'amr-import-'));
    store = openProject(join(dir, 'p.amrproj'), { create: true });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a SigMF recording with its annotations, and finds the format by itself', async () => {
    const meta = writeRecording(dir, 'rec');
    expect((await detectFormat(meta)).id).toBe('sigmf');
    const phases = new Set<string>();
    const { dataset, reused, seconds } = await importFile(store, meta, { onProgress: (p) => phases.add(p.phase) });
    expect(reused).toBe(false);
    expect(seconds).toBeGreaterThan(0);
    expect(phases).toEqual(new Set(['hashing', 'windows']));
    expect(dataset).toMatchObject({ name: 'rec', format: 'sigmf', kind: 'imported', length: 128, count: 6, classes: ['BPSK', 'QPSK'] });
    expect(dataset.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    const loaded = store.loadSamples({ datasetId: dataset.id });
    expect(Array.from(loaded.y)).toEqual([0, 0, 0, 0, 1, 1]);
    // window 1 of BPSK starts at sample 228: I = s / 32768, Q = -s / 32768
    expect(loaded.x[2 * 128]).toBeCloseTo(228 / 32768, 7);
    expect(loaded.x[3 * 128 + 5]).toBeCloseTo(-233 / 32768, 7);
    expect(readProjectFile(store.path, (db) => db.prepare('SELECT count(*) FROM annotations WHERE dataset_id = ?').pluck().get(dataset.id))).toBe(4);
    expect(readProjectFile(store.path, (db) => db.prepare('SELECT count(*) FROM recordings WHERE dataset_id = ?').pluck().get(dataset.id))).toBe(1);
  });

  it.skipIf(!existsSync(python))('recognises the same data in another pickle protocol by its decoded samples', async () => {
    writePythonPickles(dir);
    const p0 = await importFile(store, join(dir, 'p0.pkl'));
    const p4 = await importFile(store, join(dir, 'p4.pkl'));
    expect(readFileSync(join(dir, 'p4.pkl')).equals(readFileSync(join(dir, 'p0.pkl')))).toBe(false);
    expect(p4.reused).toBe(true);
    expect(p4.dataset.id).toBe(p0.dataset.id);
    expect(p4.warnings[0]).toContain(`the same decoded samples as dataset ${p0.dataset.id} ("p0", from ${join(dir, 'p0.pkl')})`);
    expect(store.listDatasets()).toHaveLength(1);
    const before = snapshot(store);
    expect((await failure(importFile(store, join(dir, 'p2.pkl'), { onDuplicate: 'error' }))).message).toContain('holds the same decoded samples as dataset');
    expect(snapshot(store)).toBe(before);
    // other samples are another dataset
    const other = await importFile(store, writeRecording(dir, 'rec'));
    expect(other.reused).toBe(false);
    expect(other.dataset.contentHash).not.toBe(p0.dataset.contentHash);
  });

  it('recognises the same bytes imported twice: reuses by default, refuses on request', async () => {
    const first = await importFile(store, writeRecording(dir, 'a'));
    const copy = writeRecording(dir, 'copy-of-a');
    const again = await importFile(store, copy, { name: 'second' });
    expect(again.reused).toBe(true);
    expect(again.dataset.id).toBe(first.dataset.id);
    const before = snapshot(store);
    const err = await failure(importFile(store, copy, { onDuplicate: 'error' }));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain(`already imported as dataset ${first.dataset.id}`);
    expect(snapshot(store)).toBe(before);
    // different options make a different dataset from the same bytes
    const other = await importFile(store, copy, { options: { windowLength: 64 } });
    expect(other.reused).toBe(false);
    expect(other.dataset.length).toBe(64);
    expect(store.listDatasets()).toHaveLength(2);
  });

  it('a cancelled import leaves the project as it was', async () => {
    await importFile(store, writeRecording(dir, 'kept'));
    const path = join(dir, 'long.npy');
    writeNpy(path, 5000, 16);
    const before = snapshot(store);
    const controller = new AbortController();
    const err = await failure(
      importFile(store, path, {
        signal: controller.signal,
        onProgress: (p) => p.phase === 'frames' && p.done >= 2048 && controller.abort(),
      }),
    );
    expect(err.code).toBe('CANCELLED');
    expect(snapshot(store)).toBe(before);
    // the project still takes the next import
    const { dataset } = await importFile(store, path);
    expect(dataset.count).toBe(5000);
    expect(store.loadSamples({ datasetId: dataset.id }).x[4999 * 32 + 31]).toBe(4999 * 32 + 31);
  });

  it('a file that fails half-way leaves the project as it was', async () => {
    const path = join(dir, 'cut.npy');
    writeNpy(path, 3000, 8, 100);
    const before = snapshot(store);
    const err = await failure(importFile(store, path));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toContain(`${path}: truncated`);
    expect(snapshot(store)).toBe(before);
  });

  describe('bad paths and files are refused with the file named, project unchanged', () => {
    it.each([
      ['a directory', (d: string) => (mkdirSync(join(d, 'folder')), join(d, 'folder')), 'is a directory'],
      ['an empty file', (d: string) => (writeFileSync(join(d, 'empty.hdf5'), ''), join(d, 'empty.hdf5')), 'is empty'],
      ['a missing file', (d: string) => join(d, 'nowhere.sigmf-meta'), 'no such file'],
      ['an unknown format', (d: string) => (writeFileSync(join(d, 'notes.txt'), 'hello'), join(d, 'notes.txt')), 'unrecognised format'],
      [
        'SigMF data whose size disagrees with the datatype',
        (d: string) => writeRecording(d, 'odd', recordingMeta(), Buffer.concat([recordingBytes(), Buffer.alloc(1)])),
        'does not fit datatype ci16_le',
      ],
      ['an unknown SigMF datatype', (d: string) => writeRecording(d, 'unk', recordingMeta({ datatype: 'cq16_le' })), "unknown datatype 'cq16_le'"],
      [
        'an HDF5 signature with garbage behind it',
        (d: string) => {
          const p = join(d, 'fake.hdf5');
          writeFileSync(p, Buffer.concat([Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(600, 7)]));
          return p;
        },
        'cannot be opened as HDF5',
      ],
    ])('%s', async (_what, make, message) => {
      await importFile(store, writeRecording(dir, 'existing'));
      const before = snapshot(store);
      const path = make(dir);
      const err = await failure(importFile(store, path));
      expect(err.code).toBe('BAD_FILE');
      expect(err.message).toContain(path);
      expect(err.message).toContain(message);
      expect(snapshot(store)).toBe(before);
    });

    it('an unknown --format name', async () => {
      const err = await failure(importFile(store, writeRecording(dir, 'x'), { format: 'wav' }));
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toContain("unknown import format 'wav'");
      expect(store.listDatasets()).toHaveLength(0);
    });
  });
});
