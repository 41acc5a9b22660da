import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { deleteDataset } from '../../../../src/main/engine/store/datasets.ts';
import { samplesPerChunk } from '../../../../src/main/engine/store/dataset-writer.ts';
import type { ProjectStore } from '../../../../src/main/engine/store/project.ts';
import { writeSynthetic } from './synthetic-dataset.ts';
import { useTempProject } from './temp-project.ts';
import { readProjectFile } from '../../../helpers/project-file.ts';

describe('datasets', () => {
  let store: ProjectStore;
  useTempProject((opened) => (store = opened));

  it('commits a dataset packed into ~1 MB chunks with its classes, SNRs and counts', () => {
    const { info } = writeSynthetic(store, { perGroup: 250, length: 128 });
    expect(info).toMatchObject({ count: 2250, classes: ['BPSK', 'QPSK', 'QAM16'], snrs: [-10, 0, 10], length: 128, split: null });
    const chunks = readProjectFile(store.path, (db) => db.prepare('SELECT sample_count, length(data) FROM chunks WHERE dataset_id = ? ORDER BY first_idx').raw().all(info.id) as [number, number][]);
    const perChunk = samplesPerChunk(128);
    expect(chunks.map((c) => c[0])).toEqual([perChunk, perChunk, 2250 - 2 * perChunk]);
    expect(chunks[0]![1]).toBe(perChunk * 2 * 128 * 4);
    expect(chunks[0]![1]).toBeLessThanOrEqual(1 << 20);

    const counts = store.countsByClassSnr(info.id);
    expect(counts.counts).toEqual([
      [250, 250, 250],
      [250, 250, 250],
      [250, 250, 250],
    ]);
    expect(counts.total).toBe(2250);
    expect(store.findDatasetByHash(info.sourceHash)?.id).toBe(info.id);
    expect(store.findDatasetByHash('nope')).toBeUndefined();
  });

  it('abort leaves nothing behind', () => {
    const kept = writeSynthetic(store, { name: 'kept' });
    const writer = store.beginDataset({ name: 'dropped', kind: 'imported', format: 'raw-iq', sourcePath: '/x', sourceHash: 'h', length: 16, params: {} });
    writer.classIndex('A');
    writer.append(new Float32Array(32 * 10), Array.from({ length: 10 }, (_, i) => ({ classIndex: 0, snr: null, sourceOffset: i })));
    writer.abort();
    expect(store.listDatasets().map((d) => d.name)).toEqual(['kept']);
    const rows = readProjectFile(store.path, (db) => db.prepare('SELECT (SELECT count(*) FROM samples), (SELECT count(*) FROM chunks), (SELECT count(*) FROM classes)').raw().get());
    expect(rows).toEqual([kept.info.count, 1, 3]);
    expect(() => writer.commit()).toThrow(/aborted/);
  });

  it('rejects appends that do not match the declared shape or classes', () => {
    const writer = store.beginDataset({ name: 'bad', kind: 'imported', format: 'raw-iq', sourcePath: null, sourceHash: 'h', length: 8, params: {} });
    writer.classIndex('A');
    expect(() => writer.append(new Float32Array(15), [{ classIndex: 0, snr: 0, sourceOffset: 0 }])).toThrowError(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => writer.append(new Float32Array(16), [{ classIndex: 3, snr: 0, sourceOffset: 0 }])).toThrow(/class index 3/);
    writer.abort();
    expect(() => store.beginDataset({ name: 'x', kind: 'imported', format: 'f', sourcePath: null, sourceHash: 'h', length: 0, params: {} })).toThrow(/length/);
  });

  it('deletes a dataset with its samples, chunks and classes, keeping the others', () => {
    const a = writeSynthetic(store, { name: 'a' });
    const b = writeSynthetic(store, { name: 'b', seed: 2 });
    store.deleteDataset(a.info.id);
    expect(store.listDatasets().map((d) => d.name)).toEqual(['b']);
    expect(() => store.getDataset(a.info.id)).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(Array.from(store.loadSamples({ datasetId: b.info.id }).x)).toEqual(Array.from(b.x));
    const left = readProjectFile(store.path, (db) => db.prepare('SELECT count(*) FROM samples WHERE dataset_id = ?').pluck().get(a.info.id));
    expect(left).toBe(0);
    expect(readProjectFile(store.path, (db) => db.pragma('foreign_key_check'))).toEqual([]);
  });

  it('deletes a large dataset in short transactions, hidden from the first one on, so other writers get the lock between batches', () => {
    const big = writeSynthetic(store, { name: 'big', perGroup: 5000, length: 16, appendBatch: 5000 });
    const path = store.path;
    store.close();
    const statements: string[] = [];
    let visibleAtSecondBegin: unknown;
    const watcher = new Database(path, { readonly: true });
    const db = new Database(path, {
      verbose: (sql) => {
        statements.push(String(sql));
        // The state another connection sees when the first batch starts: already not listed.
        if (sql === 'BEGIN IMMEDIATE' && statements.filter((s) => s === 'BEGIN IMMEDIATE').length === 2)
          visibleAtSecondBegin = watcher.prepare('SELECT state FROM datasets WHERE id = ?').pluck().get(big.info.id);
      },
    });
    db.pragma('foreign_keys = ON');
    try {
      deleteDataset(db, big.info.id);
    } finally {
      db.close();
      watcher.close();
    }
    expect(visibleAtSecondBegin).toBe('writing');
    // hide, 45,000 samples in batches of 20,000 (3), chunks, classes and the row
    expect(statements.filter((s) => s === 'COMMIT').length).toBeGreaterThanOrEqual(6);
    const left = readProjectFile(path, (file) =>
      file.prepare('SELECT (SELECT count(*) FROM datasets), (SELECT count(*) FROM samples), (SELECT count(*) FROM chunks), (SELECT count(*) FROM classes)').raw().get(),
    );
    expect(left).toEqual([0, 0, 0, 0]);
  });

  it('keeps recordings and annotations and filters samples by annotation label', () => {
    const writer = store.beginDataset({ name: 'capture', kind: 'imported', format: 'sigmf', sourcePath: '/c.sigmf-meta', sourceHash: 'c', length: 4, params: {} });
    const recordingId = writer.addRecording!({ sourcePath: '/c.sigmf-data', datatype: 'cf32_le', sampleRate: 1e6, centerFrequency: 915e6 });
    const burst = writer.addAnnotation!({ sampleStart: 100, sampleCount: 8, label: 'burst', recordingId });
    const x = Float32Array.from({ length: 3 * 8 }, (_, i) => i);
    writer.append(x, [
      { classIndex: -1, snr: null, sourceOffset: 0 },
      { classIndex: -1, snr: null, sourceOffset: 100, annotationId: burst },
      { classIndex: -1, snr: null, sourceOffset: 104, annotationId: burst },
    ]);
    const info = writer.commit();
    const loaded = store.loadSamples({ datasetId: info.id, annotationLabel: 'burst' });
    expect(loaded.count).toBe(2);
    expect(Array.from(loaded.x)).toEqual(Array.from(x.subarray(8)));
    expect(Array.from(loaded.snr).every(Number.isNaN)).toBe(true);
    expect(store.countsByClassSnr(info.id)).toMatchObject({ unlabelled: 3, total: 3, snrs: [] });
  });
});
