import { describe, expect, it } from 'vitest';
import { createRng, createRngFromState, deriveSeed } from '../../../../src/main/engine/base/random.ts';

describe('createRng', () => {
  it('follows the xoshiro128** reference sequence from state {1, 2, 3, 4}', () => {
    const rng = createRngFromState([1, 2, 3, 4]);
    const out = Array.from({ length: 10 }, () => rng.nextUint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('repeats exactly for the same seed and differs for another seed', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () => rng.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(-1.5)).toEqual(draw(-1.5));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng(7);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let lowest = 1;
    let highest = 0;
    for (let k = 0; k < n; k++) {
      const u = rng.next();
      lowest = Math.min(lowest, u);
      highest = Math.max(highest, u);
      sum += u;
      sumSq += u * u;
    }
    const mean = sum / n;
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(highest).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sumSq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws standard normals: mean 0, variance 1, about 95 % within ±1.96', () => {
    const rng = createRng(11);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let inside = 0;
    for (let k = 0; k < n; k++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
      if (Math.abs(z) < 1.96) inside++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.015);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.02);
    expect(Math.abs(inside / n - 0.95)).toBeLessThan(0.005);
  });

  it('int(n) covers 0 … n − 1 evenly', () => {
    const rng = createRng(3);
    const counts = new Array(6).fill(0);
    for (let k = 0; k < 60_000; k++) counts[rng.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect(() => rng.int(0)).toThrow(RangeError);
  });

  it('shuffle returns a permutation and every position is reachable', () => {
    const rng = createRng(5);
    const firsts = new Set<number>();
    for (let t = 0; t < 200; t++) {
      const a = rng.shuffle([0, 1, 2, 3, 4, 5, 6, 7]);
      expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      firsts.add(a[0]);
    }
    expect(firsts.size).toBe(8);
    const typed = rng.shuffle(Int32Array.from([1, 2, 3]));
    expect(Array.from(typed).sort()).toEqual([1, 2, 3]);
  });
});

describe('deriveSeed', () => {
  it('depends on the base seed and on every label, in order', () => {
    const a = deriveSeed(1, 'QPSK', 2);
    expect(deriveSeed(1, 'QPSK', 2)).toBe(a);
    expect(deriveSeed(2, 'QPSK', 2)).not.toBe(a);
    expect(deriveSeed(1, 'QPSK', 4)).not.toBe(a);
    expect(deriveSeed(1, 2, 'QPSK')).not.toBe(a);
    expect(deriveSeed(1, 'QPSK2')).not.toBe(a);
  });
});
