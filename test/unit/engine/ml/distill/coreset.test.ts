import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { herdingSelect, rowMean } from '../../../../../src/main/engine/ml/distill/herding.ts';
import { kCenterSelect } from '../../../../../src/main/engine/ml/distill/k-center.ts';
import { gaussian } from './real-set.ts';

// a = (0,0), b = (2,0), c = (0,2), d = (4,4); their mean is (1.5, 1.5)
const square = { data: Float32Array.from([0, 0, 2, 0, 0, 2, 4, 4]), n: 4, dim: 2 };

describe('herding', () => {
  it('reproduces the hand-worked order b, c, d, a', () => {
    // step 1: ‖μ − f‖² = 4.5, 2.5, 2.5, 12.5 → b (tie with c, lower index)
    // step 2: (b + f)/2 → a (1,0): 2.5, c (1,1): 0.5, d (3,2): 2.5 → c
    // step 3: (b + c + f)/3 → a (⅔,⅔): 1.39, d (2,2): 0.5 → d
    expect(Array.from(herdingSelect(square, 4))).toEqual([1, 2, 3, 0]);
  });

  it('tracks the mean far better than a random subset of the same size', () => {
    const n = 200;
    const dim = 8;
    const cloud = { data: gaussian(n * dim, 3), n, dim };
    const mean = rowMean(cloud);
    const gap = (rows: ArrayLike<number>) => {
      let s = 0;
      for (let d = 0; d < dim; d++) {
        let m = 0;
        for (let j = 0; j < rows.length; j++) m += cloud.data[rows[j]! * dim + d]! / rows.length;
        s += (m - mean[d]!) ** 2;
      }
      return Math.sqrt(s);
    };
    const rng = createRng(4);
    const randomGaps = Array.from({ length: 20 }, () => gap(rng.shuffle(Int32Array.from({ length: n }, (_, i) => i)).subarray(0, 10)));
    const typical = randomGaps.reduce((a, b) => a + b, 0) / randomGaps.length;
    expect(gap(herdingSelect(cloud, 10))).toBeLessThan(typical / 4);
  });

  it('refuses to choose more rows than there are', () => {
    expect(() => herdingSelect(square, 5)).toThrow(/4 rows/);
  });
});

describe('k-center', () => {
  it('reproduces the hand-worked order b, d, c, a', () => {
    // start nearest the mean: b (tie with c); gaps² from b: a 4, c 8, d 20 → d;
    // gaps² to {b, d}: a min(4, 32) = 4, c min(8, 20) = 8 → c; then a
    expect(Array.from(kCenterSelect(square, 4))).toEqual([1, 3, 2, 0]);
  });

  it('takes duplicates of a centre once each, never a chosen row twice', () => {
    const same = { data: Float32Array.from([1, 1, 1, 1]), n: 4, dim: 1 };
    expect(Array.from(kCenterSelect(same, 4)).sort()).toEqual([0, 1, 2, 3]);
  });
});
