import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { maxScoreAssignment, minCostAssignment } from '../../../../../src/main/engine/ml/cluster/hungarian.ts';

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, at) => [...p.slice(0, at), n - 1, ...p.slice(at)]));
}

/** Best cost over every injective map of the smaller side into the larger, by enumeration. */
function bruteForceMin(cost: number[][]): number {
  const rows = cost.length;
  const cols = cost[0]!.length;
  const small = Math.min(rows, cols);
  const large = Math.max(rows, cols);
  let best = Number.POSITIVE_INFINITY;
  for (const perm of permutations(large)) {
    let sum = 0;
    for (let s = 0; s < small; s++) sum += rows <= cols ? cost[s]![perm[s]!]! : cost[perm[s]!]![s]!;
    best = Math.min(best, sum);
  }
  return best;
}

function costOf(cost: number[][], rowToCol: Int32Array): number {
  return Array.from(rowToCol).reduce((s, j, i) => s + (j >= 0 ? cost[i]![j]! : 0), 0);
}

function randomMatrix(rows: number, cols: number, seed: number, integers: boolean): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => (integers ? rng.int(6) : rng.next() * 10 - 3)));
}

function expectValidAssignment(rowToCol: Int32Array, rows: number, cols: number): void {
  const used = Array.from(rowToCol).filter((j) => j >= 0);
  expect(used).toHaveLength(Math.min(rows, cols));
  expect(new Set(used).size).toBe(used.length);
  expect(used.every((j) => j < cols)).toBe(true);
}

describe('minCostAssignment', () => {
  it('equals brute force over all permutations for square matrices up to 7 × 7', () => {
    for (let n = 1; n <= 7; n++) {
      for (let trial = 0; trial < (n <= 5 ? 6 : 2); trial++) {
        // integer costs force ties, real costs a unique optimum
        const cost = randomMatrix(n, n, 100 * n + trial, trial % 2 === 0);
        const a = minCostAssignment(cost);
        expectValidAssignment(a, n, n);
        expect(costOf(cost, a)).toBeCloseTo(bruteForceMin(cost), 9);
      }
    }
  });

  it('handles non-square matrices, wide and tall', () => {
    for (const [rows, cols] of [[2, 5], [3, 7], [5, 2], [7, 4], [1, 6], [6, 1]] as const) {
      const cost = randomMatrix(rows, cols, rows * 31 + cols, false);
      const a = minCostAssignment(cost);
      expect(a).toHaveLength(rows);
      expectValidAssignment(a, rows, cols);
      expect(costOf(cost, a)).toBeCloseTo(bruteForceMin(cost), 9);
    }
  });

  it('maximises when asked: the diagonal of a confusion table whose rows are shuffled', () => {
    const table = [
      [1, 40, 3],
      [2, 0, 50],
      [30, 5, 1],
      [4, 4, 4],
    ];
    expect(Array.from(maxScoreAssignment(table))).toEqual([1, 2, 0, -1]);
  });

  it('refuses ragged rows and costs that are not finite numbers', () => {
    expect(() => minCostAssignment([[1, 2], [3]])).toThrow(/row 1 has 1 columns/);
    expect(() => minCostAssignment([[1, Number.NaN]])).toThrow(/row 0/);
    expect(Array.from(minCostAssignment([]))).toEqual([]);
  });
});
