import { describe, expect, it } from 'vitest';
import { fisherSegmentation, segmentationElbow } from '../../../../../src/main/engine/ml/prune/fisher-segmentation.ts';
import { createSeededNormal } from './seeded-normal.ts';

function sse(features: number[][], from: number, to: number): number {
  const d = features[0]!.length;
  const mean = new Array<number>(d).fill(0);
  for (let i = from; i < to; i++) for (let k = 0; k < d; k++) mean[k]! += features[i]![k]! / (to - from);
  let s = 0;
  for (let i = from; i < to; i++) for (let k = 0; k < d; k++) s += (features[i]![k]! - mean[k]!) ** 2;
  return s;
}

/** Every way of choosing K−1 cut points among m−1 gaps. */
function bruteForce(features: number[][], blocks: number): { starts: number[]; cost: number } {
  const m = features.length;
  let best = { starts: [0], cost: Infinity };
  const choose = (from: number, picked: number[]) => {
    if (picked.length === blocks - 1) {
      const starts = [0, ...picked];
      const bounds = [...starts, m];
      let cost = 0;
      for (let b = 0; b < blocks; b++) cost += sse(features, bounds[b]!, bounds[b + 1]!);
      if (cost < best.cost - 1e-12) best = { starts, cost };
      return;
    }
    for (let s = from; s < m; s++) choose(s + 1, [...picked, s]);
  };
  choose(1, []);
  return best;
}

describe('Fisher optimal segmentation', () => {
  it('equals brute force on small random inputs', () => {
    const normal = createSeededNormal(11);
    for (let trial = 0; trial < 25; trial++) {
      const m = 3 + (trial % 6);
      const d = 1 + (trial % 3);
      const features = Array.from({ length: m }, () => Array.from({ length: d }, () => normal()));
      for (let k = 1; k <= Math.min(4, m); k++) {
        const dp = fisherSegmentation(features, k);
        const bf = bruteForce(features, k);
        expect(dp.cost).toBeCloseTo(bf.cost, 9);
        expect(dp.starts).toEqual(bf.starts);
      }
    }
  });

  it('finds the obvious blocks of a piecewise-constant sequence', () => {
    const features = [[0], [0.1], [0], [5], [5.1], [5], [9], [9.2]];
    expect(fisherSegmentation(features, 3).starts).toEqual([0, 3, 6]);
    expect(segmentationElbow(features, 6).elbow).toBe(3);
  });

  it('refuses more blocks than layers', () => {
    expect(() => fisherSegmentation([[1], [2]], 3)).toThrow(/2 layers into 3 blocks/);
  });
});
