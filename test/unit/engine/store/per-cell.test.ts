import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectStore } from '../../../../src/main/engine/store/project.ts';
import { writeSynthetic, type Written } from './synthetic-dataset.ts';
import { useTempProject } from './temp-project.ts';

describe('per-cell subsets (at most N signals per class × SNR, seeded)', () => {
  let store: ProjectStore;
  let w: Written;
  useTempProject((opened) => (store = opened));
  beforeEach(() => {
    // 3 classes × 3 SNRs × 20 samples
    w = writeSynthetic(store, { perGroup: 20, length: 16 });
  });

  const cellsOf = (ids: Int32Array | number[], y: Int32Array | number[], snr: Float32Array | number[]): Map<string, number> => {
    const cells = new Map<string, number>();
    Array.from(ids).forEach((_, k) => cells.set(`${y[k]}|${snr[k]}`, (cells.get(`${y[k]}|${snr[k]}`) ?? 0) + 1));
    return cells;
  };

  it('keeps exactly N of every cell, the same N for the same seed, others for another seed', () => {
    const pick = (seed: number) => store.loadSamples({ datasetId: w.info.id, perCell: { max: 7, seed } });
    const a = pick(1);
    expect(a.count).toBe(9 * 7);
    expect([...cellsOf(a.ids, a.y, a.snr).values()]).toEqual(new Array(9).fill(7));
    expect(Array.from(pick(1).ids)).toEqual(Array.from(a.ids));
    const b = pick(2);
    expect(Array.from(b.ids)).not.toEqual(Array.from(a.ids));
    // a seeded draw, not the first N of each cell (cells interleave, so those are the first 63 positions)
    const positions = store.pageSamples({ datasetId: w.info.id, perCell: { max: 7, seed: 1 } }, { offset: 0, limit: 1000 }).rows.map((r) => r.index);
    expect(positions.some((p) => p >= 7 * 9)).toBe(true);
  });

  it('applies after the other conditions, agrees between counting, paging and streaming, and keeps whole cells under N', () => {
    const filter = { datasetId: w.info.id, classes: [0, 2], snrMin: 0, perCell: { max: 5, seed: 3 } };
    const loaded = store.loadSamples(filter);
    expect(loaded.count).toBe(2 * 2 * 5);
    expect(new Set(loaded.y)).toEqual(new Set([0, 2]));
    expect(Math.min(...loaded.snr)).toBe(0);
    expect(store.pageSamples(filter, { offset: 0, limit: 0 }).total).toBe(20);
    const streamed = [...store.streamBatches(filter, 6, { shuffle: true, seed: 9 })].flatMap((b) => Array.from(b.ids));
    expect(streamed.sort((p, q) => p - q)).toEqual(Array.from(loaded.ids).sort((p, q) => p - q));
    expect(store.loadSamples({ datasetId: w.info.id, perCell: { max: 50, seed: 1 } }).count).toBe(180);
  });

  it('refuses a maximum that is not a positive integer', () => {
    expect(() => store.loadSamples({ datasetId: w.info.id, perCell: { max: 0, seed: 1 } })).toThrowError(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => store.loadSamples({ datasetId: w.info.id, perCell: { max: 2.5, seed: 1 } })).toThrow(/per-cell maximum/);
  });
});
