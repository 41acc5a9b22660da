import { describe, expect, it } from 'vitest';
import { winogradMatrices } from '../../../../../../src/main/engine/ml/kernels/simd/winograd-matrices.ts';
import { seeded } from '../compare.ts';

const apply = (matrix: number[][], v: ArrayLike<number>) => matrix.map((row) => row.reduce((s, a, j) => s + a * v[j]!, 0));

describe('Winograd minimal filtering matrices', () => {
  for (const [m, r, points] of [[4, 3, undefined], [3, 4, undefined], [2, 3, [0, 1, -1]]] as const) {
    it(`F(${m}, ${r}) computes the correlation of a tile with a filter`, () => {
      const w = winogradMatrices(m, r, points);
      expect(w.inputT).toHaveLength(m + r - 1);
      for (let trial = 0; trial < 10; trial++) {
        const d = seeded(m + r - 1, 11 + trial);
        const g = seeded(r, 37 + trial);
        const u = apply(w.filter, g);
        const v = apply(w.inputT, d);
        const y = apply(w.outputT, u.map((a, t) => a * v[t]!));
        for (let i = 0; i < m; i++) {
          let direct = 0;
          for (let k = 0; k < r; k++) direct += d[i + k]! * g[k]!;
          expect(Math.abs(y[i]! - direct)).toBeLessThan(1e-12);
        }
      }
    });
  }

  it('shares one integer data transform between F(4, 3) and F(3, 4), so both read a tile the same way', () => {
    const forward = winogradMatrices(4, 3);
    expect(winogradMatrices(3, 4).inputT).toEqual(forward.inputT);
    expect(forward.inputT.flat().every(Number.isInteger)).toBe(true);
    expect(forward.outputT.flat().every(Number.isInteger)).toBe(true);
  });

  it('refuses a point count that does not fit the tile', () => {
    expect(() => winogradMatrices(4, 3, [0, 1, -1])).toThrow(/F\(4, 3\) needs 5 finite points/);
    expect(() => winogradMatrices(2, 3, [1, 1, -1])).toThrow(/distinct/);
  });
});
