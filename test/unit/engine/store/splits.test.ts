import { describe, expect, it } from 'vitest';
import type { ProjectStore } from '../../../../src/main/engine/store/project.ts';
import { writeSynthetic } from './synthetic-dataset.ts';
import { useTempProject } from './temp-project.ts';
import { readProjectFile } from '../../../helpers/project-file.ts';

describe('splits', () => {
  let store: ProjectStore;
  useTempProject((opened) => (store = opened));

  const splitOf = (datasetId: number) =>
    readProjectFile(store.path, (db) => db.prepare('SELECT split FROM samples WHERE dataset_id = ? ORDER BY idx').pluck().all(datasetId) as string[]);

  it('is stratified by class × SNR, stored with the dataset, and reproducible from its seed', () => {
    const { info, meta } = writeSynthetic(store, { perGroup: 40, length: 16 });
    const counts = store.assignSplits(info.id, { train: 0.5, val: 0.25, test: 0.25, seed: 42 });
    expect(counts).toEqual({ train: 180, val: 90, test: 90 });
    const first = splitOf(info.id);
    for (const c of [0, 1, 2]) {
      for (const snr of [-10, 0, 10]) {
        const group = first.filter((_, i) => meta[i]!.classIndex === c && meta[i]!.snr === snr);
        expect(group.filter((s) => s === 'train')).toHaveLength(20);
        expect(group.filter((s) => s === 'val')).toHaveLength(10);
        expect(group.filter((s) => s === 'test')).toHaveLength(10);
      }
    }
    expect(store.getDataset(info.id).split).toEqual({ train: 0.5, val: 0.25, test: 0.25, seed: 42 });
    expect(store.loadSamples({ datasetId: info.id, split: 'val' }).count).toBe(90);

    store.assignSplits(info.id, { train: 0.5, val: 0.25, test: 0.25, seed: 7 });
    const other = splitOf(info.id);
    expect(other).not.toEqual(first);
    store.assignSplits(info.id, { train: 0.5, val: 0.25, test: 0.25, seed: 42 });
    expect(splitOf(info.id)).toEqual(first);
  });

  it('rejects fractions that do not sum to one', () => {
    const { info } = writeSynthetic(store, { perGroup: 2, length: 8 });
    expect(() => store.assignSplits(info.id, { train: 0.6, val: 0.3, test: 0.3, seed: 1 })).toThrowError(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => store.assignSplits(info.id + 1, { train: 1, val: 0, test: 0, seed: 1 })).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
