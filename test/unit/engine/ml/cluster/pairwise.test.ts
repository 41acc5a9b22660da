import { describe, expect, it } from 'vitest';
import { pairThresholds, selectPairs } from '../../../../../src/main/engine/ml/cluster/pairwise.ts';
import { changedFraction, clusterSizes, isCollapsed, reseedEmptyCentres } from '../../../../../src/main/engine/ml/cluster/cluster-guard.ts';

describe('pair selection', () => {
  it('the thresholds start at 0.95 / 0.455, move towards each other, and hold once they meet', () => {
    expect(pairThresholds(0, 0.01)).toEqual({ upper: 0.95, lower: 0.455 });
    const later = pairThresholds(10, 0.01);
    expect(later.upper).toBeCloseTo(0.85, 12);
    expect(later.lower).toBeCloseTo(0.465, 12);
    const met = pairThresholds(1000, 0.01);
    expect(met.upper).toBeCloseTo(met.lower, 12);
    expect(pairThresholds(2000, 0.01)).toEqual(met);
  });

  it('selects by the cosine of centred embeddings: near-parallel pairs together, opposed pairs apart, the rest left out', () => {
    // rows 0,1 point the same way from the mean, row 2 the opposite way, row 3 at right angles
    const z = Float32Array.from([11, 0, 10.9, 0.1, 9, 0, 10, 1]);
    const mean = [10, 0];
    const s = selectPairs(z, 2, Int32Array.from([0, 1, 2, 3]), mean, { upper: 0.9, lower: 0 });
    const at = (a: number, b: number): [number, number] => [s.target[a * 4 + b]!, s.mask[a * 4 + b]!];
    expect(at(0, 1)).toEqual([1, 1]);
    expect(at(1, 0)).toEqual([1, 1]);
    expect(at(0, 2)).toEqual([0, 1]);
    expect(at(0, 3)).toEqual([0, 0]);
    expect(at(0, 0)).toEqual([0, 0]);
    expect([s.positives, s.negatives]).toEqual([1, 2]);
  });
});

describe('cluster guard', () => {
  it('measures the change between assignments, sizes, and collapse', () => {
    expect(changedFraction([0, 1, 2, 3], [0, 1, 3, 3])).toBe(0.25);
    expect(clusterSizes([0, 2, 2, 2], 3)).toEqual([1, 0, 3]);
    // k = 5: collapse above (1 + 1/5) / 2 = 60 %
    expect(isCollapsed([61, 9, 10, 10, 10])).toBe(true);
    expect(isCollapsed([60, 10, 10, 10, 10])).toBe(false);
    expect(isCollapsed([76, 24])).toBe(true);
  });

  it('moves an empty centre onto the sample farthest from its own centre', () => {
    const z = Float32Array.from([0, 1, 2, 10]);
    const centres = Float64Array.from([1, 50]);
    const assignments = [0, 0, 0, 0];
    expect(reseedEmptyCentres(z, 1, centres, assignments)).toEqual([1]);
    expect(Array.from(centres)).toEqual([1, 10]);
    expect(reseedEmptyCentres(z, 1, centres, [0, 0, 0, 1])).toEqual([]);
  });
});
