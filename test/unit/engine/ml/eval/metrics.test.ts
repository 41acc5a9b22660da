import { describe, expect, it } from 'vitest';
import { classificationReport } from '../../../../../src/main/engine/ml/eval/metrics.ts';

describe('classificationReport', () => {
  it('computes accuracy, confusion, precision/recall overall and per SNR', () => {
    const labels = Int32Array.from([0, 0, 1, 1, 2, 2, 0, -1]);
    const predicted = Int32Array.from([0, 1, 1, 1, 0, 2, 0, 2]);
    const snr = Float32Array.from([10, 10, 10, -10, -10, -10, Number.NaN, 10]);
    const r = classificationReport(labels, predicted, snr, ['a', 'b', 'c']);
    expect(r.count).toBe(7); // the unlabelled sample is skipped
    expect(r.accuracy).toBeCloseTo(5 / 7, 12);
    expect(r.confusion).toEqual([
      [2, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(r.perClass[0]).toMatchObject({ className: 'a', precision: 2 / 3, recall: 2 / 3, support: 3 });
    expect(r.perClass[1]).toMatchObject({ precision: 2 / 3, recall: 1 });
    expect(r.perClass[2]).toMatchObject({ precision: 1, recall: 0.5 });
    expect(r.perSnr.map((s) => [s.snr, s.count, s.accuracy])).toEqual([
      [-10, 3, 2 / 3],
      [10, 3, 2 / 3],
    ]);
    expect(r.perSnr[0]!.confusion[2]).toEqual([1, 0, 1]);
  });

  it('reports NaN precision for a class never predicted', () => {
    const r = classificationReport(Int32Array.from([0, 1]), Int32Array.from([0, 0]), Float32Array.from([0, 0]), ['a', 'b']);
    expect(r.perClass[1]!.precision).toBeNaN();
    expect(r.perClass[1]!.recall).toBe(0);
  });
});
