import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectStore } from '../../../../src/main/engine/store/project.ts';
import { writeSynthetic, type Written } from './synthetic-dataset.ts';
import { useTempProject } from './temp-project.ts';

/** Byte equality: exact, and far faster than a deep compare of a million numbers. */
function sameFloats(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** The written floats of the given sample positions, concatenated. */
function expected(w: Written, positions: number[]): number[] {
  const f = 2 * w.info.length;
  return positions.flatMap((p) => Array.from(w.x.subarray(p * f, (p + 1) * f)));
}

describe('reading samples', () => {
  let store: ProjectStore;
  let w: Written;
  useTempProject((opened) => (store = opened));
  beforeEach(() => {
    // 1260 samples of 2 × 512 floats: 4 KB each, so 256 per chunk and several chunks.
    w = writeSynthetic(store, { perGroup: 140, length: 512 });
  });

  it('loadSamples returns exactly the written floats, labels and SNRs', () => {
    const all = store.loadSamples({ datasetId: w.info.id });
    expect(all.count).toBe(w.meta.length);
    expect(sameFloats(all.x, w.x)).toBe(true);
    expect(Array.from(all.y)).toEqual(w.meta.map((m) => m.classIndex));
    expect(Array.from(all.snr)).toEqual(w.meta.map((m) => m.snr));
  });

  it('filters by class and SNR range, keeping dataset order', () => {
    const positions = w.meta.flatMap((m, i) => ([0, 2].includes(m.classIndex) && m.snr! >= 0 ? [i] : []));
    const some = store.loadSamples({ datasetId: w.info.id, classes: [0, 2], snrMin: 0, snrMax: 10 });
    expect(some.count).toBe(positions.length);
    expect(sameFloats(some.x, Float32Array.from(expected(w, positions)))).toBe(true);
    expect(store.loadSamples({ datasetId: w.info.id, classes: [] }).count).toBe(0);
  });

  it('pages in dataset order with the filtered total, and fetches one sample', () => {
    const positions = w.meta.flatMap((m, i) => (m.classIndex === 1 && m.snr === 10 ? [i] : []));
    const page = store.pageSamples({ datasetId: w.info.id, classes: [1], snrMin: 10 }, { offset: 5, limit: 7 });
    expect(page.total).toBe(positions.length);
    expect(page.rows.map((r) => r.index)).toEqual(positions.slice(5, 12));
    expect(page.rows[0]).toMatchObject({ classIndex: 1, className: 'QPSK', snr: 10, split: 'unassigned', sourceOffset: 1000 + positions[5]! });
    expect(store.pageSamples({ datasetId: w.info.id }, { offset: 1255, limit: 100 })).toMatchObject({ total: 1260 });
    expect(store.pageSamples({ datasetId: w.info.id }, { offset: 1255, limit: 100 }).rows).toHaveLength(5);
    expect(() => store.pageSamples({ datasetId: w.info.id }, { offset: -1, limit: 10 })).toThrowError(expect.objectContaining({ code: 'VALIDATION' }));

    const one = store.getSample(page.rows[2]!.id);
    expect(Array.from(one.iq)).toEqual(expected(w, [positions[7]!]));
    expect(() => store.getSample(999_999)).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('an unfiltered page holds the positions offset … offset + limit − 1, the same rows a filter selecting everything pages to', () => {
    const everything = { datasetId: w.info.id, snrMin: -1000 };
    for (const offset of [0, 1, 640, 1259]) {
      const page = store.pageSamples({ datasetId: w.info.id }, { offset, limit: 30 });
      const viaFilter = store.pageSamples(everything, { offset, limit: 30 });
      expect(page.rows.map((r) => r.index)).toEqual(Array.from({ length: Math.min(30, 1260 - offset) }, (_, k) => offset + k));
      expect(page).toEqual(viaFilter);
    }
    expect(store.pageSamples({ datasetId: w.info.id }, { offset: 1260, limit: 30 }).rows).toEqual([]);
    expect(store.pageSamples({ datasetId: w.info.id }, { offset: 10, limit: 0 }).rows).toEqual([]);
  });

  it('streams every selected sample exactly once, in seeded reproducible order', () => {
    const run = (seed: number, bufferBytes?: number) => [...store.streamBatches({ datasetId: w.info.id }, 100, { seed, shuffle: true, ...(bufferBytes ? { bufferBytes } : {}) })];
    const batches = run(4);
    expect(batches.map((b) => b.count)).toEqual([...new Array(12).fill(100), 60]);
    const ids = batches.flatMap((b) => Array.from(b.ids));
    expect(new Set(ids).size).toBe(1260);
    expect(ids).toEqual(run(4).flatMap((b) => Array.from(b.ids)));
    expect(ids).not.toEqual(run(5).flatMap((b) => Array.from(b.ids)));
    // Each sample's floats travel with its id.
    const firstId = store.pageSamples({ datasetId: w.info.id }, { offset: 0, limit: 1 }).rows[0]!.id;
    for (const b of batches) {
      for (let k = 0; k < b.count; k++) {
        const position = b.ids[k]! - firstId;
        expect(Array.from(b.x.subarray(k * 1024, k * 1024 + 4))).toEqual(expected(w, [position]).slice(0, 4));
      }
    }
    // A window smaller than the data (two chunks) still yields full batches and every sample once.
    const windowed = run(4, 2 * 256 * 4096);
    expect(windowed.slice(0, -1).every((b) => b.count === 100)).toBe(true);
    expect(new Set(windowed.flatMap((b) => Array.from(b.ids))).size).toBe(1260);
    const unshuffled = [...store.streamBatches({ datasetId: w.info.id, classes: [2] }, 64, { dropRemainder: true })];
    expect(unshuffled.every((b) => b.count === 64)).toBe(true);
    expect(Array.from(unshuffled[0]!.x)).toEqual(expected(w, w.meta.flatMap((m, i) => (m.classIndex === 2 ? [i] : [])).slice(0, 64)));
  });
});
