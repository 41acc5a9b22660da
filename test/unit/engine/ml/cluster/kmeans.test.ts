import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { clusterScores } from '../../../../../src/main/engine/ml/cluster/cluster-metrics.ts';
import { estimateK, meanSilhouette } from '../../../../../src/main/engine/ml/cluster/estimate-k.ts';
import { kmeans, kmeansPlusPlus } from '../../../../../src/main/engine/ml/cluster/kmeans.ts';

/** perBlob points around each of `k` centres spread ±10 apart, in d dimensions. */
function blobs(k: number, perBlob: number, d: number, spread: number, seed: number): { points: Float32Array; labels: Int32Array } {
  const rng = createRng(seed);
  const centres = Array.from({ length: k * d }, () => (rng.next() - 0.5) * 20);
  const points = new Float32Array(k * perBlob * d);
  const labels = new Int32Array(k * perBlob);
  for (let c = 0; c < k; c++) {
    for (let p = 0; p < perBlob; p++) {
      const i = c * perBlob + p;
      labels[i] = c;
      for (let t = 0; t < d; t++) points[i * d + t] = centres[c * d + t]! + spread * rng.normal();
    }
  }
  return { points, labels };
}

describe('kmeans', () => {
  it('k-means++ with a seed is deterministic, and another seed picks other centres', () => {
    const { points } = blobs(4, 30, 3, 1, 1);
    const a = kmeansPlusPlus(points, 3, 4, createRng(7));
    const b = kmeansPlusPlus(points, 3, 4, createRng(7));
    const c = kmeansPlusPlus(points, 3, 4, createRng(8));
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
    const run1 = kmeans(points, 3, { k: 4, seed: 5, restarts: 3 });
    const run2 = kmeans(points, 3, { k: 4, seed: 5, restarts: 3 });
    expect(Array.from(run2.assignments)).toEqual(Array.from(run1.assignments));
    expect(run2.inertia).toBe(run1.inertia);
    expect(run1.seed).toBe(5);
  });

  it('k-means++ spreads its seeds: well-separated blobs get one seed each far more often than uniform picks would', () => {
    const { points, labels } = blobs(5, 40, 2, 0.3, 2);
    let hits = 0;
    for (let s = 0; s < 40; s++) {
      const seeds = kmeansPlusPlus(points, 2, 5, createRng(s));
      // which blob each seed sits in: the label of the nearest point
      const found = new Set<number>();
      for (let j = 0; j < 5; j++) {
        let best = 0;
        let bestD = Number.POSITIVE_INFINITY;
        for (let i = 0; i < labels.length; i++) {
          const dd = (points[i * 2]! - seeds[j * 2]!) ** 2 + (points[i * 2 + 1]! - seeds[j * 2 + 1]!) ** 2;
          if (dd < bestD) {
            bestD = dd;
            best = labels[i]!;
          }
        }
        found.add(best);
      }
      if (found.size === 5) hits++;
    }
    // uniform picks cover all five blobs with probability 5!/5^5 ≈ 4 %
    expect(hits / 40).toBeGreaterThan(0.7);
  });

  it('recovers separated blobs exactly, and the best of several restarts has the lowest inertia', () => {
    const { points, labels } = blobs(6, 50, 4, 0.5, 3);
    const one = kmeans(points, 4, { k: 6, seed: 11, restarts: 1 });
    const many = kmeans(points, 4, { k: 6, seed: 11, restarts: 20 });
    expect(many.inertia).toBeLessThanOrEqual(one.inertia);
    expect(clusterScores(many.assignments, labels, 6, 6).acc).toBe(1);
    // the inertia is the sum of squared distances to the returned centres
    let inertia = 0;
    for (let i = 0; i < labels.length; i++) {
      for (let t = 0; t < 4; t++) inertia += (points[i * 4 + t]! - many.centres[many.assignments[i]! * 4 + t]!) ** 2;
    }
    expect(many.inertia).toBeCloseTo(inertia, 6);
  });

  it('re-seeds a centre left empty instead of returning an empty cluster', () => {
    // 9 identical points and one outlier, K = 3: some centre must be moved to keep three groups
    const points = Float32Array.from([...new Array(9).fill(0), 100]);
    const r = kmeans(points, 1, { k: 3, seed: 1, restarts: 4 });
    const sizes = [0, 1, 2].map((j) => Array.from(r.assignments).filter((a) => a === j).length);
    expect(sizes.filter((s) => s > 0).length).toBeGreaterThanOrEqual(2);
    expect(r.assignments[9]).not.toBe(r.assignments[0]);
  });

  it('refuses a K larger than the number of points, with the numbers', () => {
    expect(() => kmeans(new Float32Array(6), 2, { k: 4, seed: 0 })).toThrow(/3 points cannot form 4 clusters/);
  });
});

describe('estimateK', () => {
  it('finds the number of well-separated blobs from the silhouette', () => {
    const { points } = blobs(4, 40, 3, 0.4, 4);
    const e = estimateK(points, 3, { kMin: 2, kMax: 7, seed: 1 });
    expect(e.k).toBe(4);
    expect(e.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('scores a perfect two-point split as 1 and a single point as 0', () => {
    const pts = Float32Array.from([0, 0, 10, 10]);
    expect(meanSilhouette(pts, 1, [0, 0, 1, 1], 2)).toBeCloseTo(1, 12);
    expect(meanSilhouette(Float32Array.from([0, 5, 6]), 1, [0, 1, 1], 2)).toBeCloseTo((0 + (5 - 1) / 5 + (6 - 1) / 6) / 3, 12);
  });
});
