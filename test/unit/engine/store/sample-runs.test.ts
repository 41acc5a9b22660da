// The writer stores consecutive samples that differ only in position as one run: every row must
// still be exactly what the sample's own metadata says, across chunk boundaries and every field.
import { describe, expect, it } from 'vitest';
import { samplesPerChunk } from '../../../../src/main/engine/store/dataset-writer.ts';
import type { ProjectStore } from '../../../../src/main/engine/store/project.ts';
import type { SampleMeta, Split } from '../../../../src/main/engine/store/types.ts';
import { readProjectFile } from '../../../helpers/project-file.ts';
import { useTempProject } from './temp-project.ts';

describe('sample rows written in runs', () => {
  let store: ProjectStore;
  useTempProject((s) => (store = s));

  it('stores each sample with its own class, SNR, split, source offset, annotation and chunk position', () => {
    const length = 8192;
    const perChunk = samplesPerChunk(length);
    const writer = store.beginDataset({ name: 'runs', kind: 'imported', format: 'test', sourcePath: null, sourceHash: 'runs', length, params: {} });
    const a = writer.classIndex('A');
    const b = writer.classIndex('B');
    const note = writer.addAnnotation!({ sampleStart: 0, sampleCount: 1, label: 'x' });
    // Runs of several lengths, broken by each field in turn, some crossing a chunk boundary.
    const meta: SampleMeta[] = [];
    const push = (n: number, m: Omit<SampleMeta, 'sourceOffset'>, offset: number): void => {
      for (let i = 0; i < n; i++) meta.push({ ...m, sourceOffset: offset + i });
    };
    push(perChunk + 3, { classIndex: a, snr: 4 }, 0);
    push(5, { classIndex: b, snr: 4 }, perChunk + 3);
    push(4, { classIndex: b, snr: -2 }, perChunk + 8);
    push(1, { classIndex: b, snr: null }, perChunk + 12);
    push(3, { classIndex: b, snr: null }, 1000);
    push(6, { classIndex: -1, snr: null, split: 'test' as Split }, 1003);
    push(2, { classIndex: -1, snr: null, split: 'test' as Split, annotationId: note }, 1009);
    push(perChunk, { classIndex: a, snr: 0, split: 'train' as Split }, 2000);
    const data = new Float32Array(meta.length * 2 * length).map((_, i) => i % 97);
    writer.append(data, meta);
    const id = writer.commit().id;
    const rows = readProjectFile(store.path, (db) =>
      db.prepare('SELECT idx, class_idx, snr, split, source_offset, annotation_id, chunk_pos FROM samples WHERE dataset_id = ? ORDER BY idx').raw().all(id),
    );
    expect(rows).toEqual(meta.map((m, i) => [i, m.classIndex, m.snr, m.split ?? 'unassigned', m.sourceOffset, m.annotationId ?? null, i % perChunk]));
    const inTheirChunk = readProjectFile(store.path, (db) =>
      db.prepare('SELECT count(*) FROM samples s JOIN chunks c ON c.id = s.chunk_id WHERE s.dataset_id = ? AND c.first_idx + s.chunk_pos = s.idx').pluck().get(id),
    );
    expect(inTheirChunk).toBe(meta.length);
  });
});
