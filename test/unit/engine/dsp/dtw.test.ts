import { describe, expect, it } from 'vitest';
import { bandRadius, dtwDistance, type IqSequence } from '../../../../src/main/engine/dsp/dtw.ts';
import { createRng } from '../../../../src/main/engine/base/random.ts';

function randomSequence(seed: number, n: number): IqSequence {
  const rng = createRng(seed);
  return { i: Float32Array.from({ length: n }, () => rng.normal()), q: Float32Array.from({ length: n }, () => rng.normal()) };
}

/** The textbook recursion over the whole (n + 1) × (m + 1) matrix, cells outside the band left infinite. */
function bruteForceDtw(a: IqSequence, b: IqSequence, radius = Number.POSITIVE_INFINITY): number {
  const n = a.i.length;
  const m = b.i.length;
  const D = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(Number.POSITIVE_INFINITY));
  D[0]![0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      if (Math.abs(i - j) > radius) continue;
      const cost = (a.i[i - 1]! - b.i[j - 1]!) ** 2 + (a.q[i - 1]! - b.q[j - 1]!) ** 2;
      D[i]![j] = cost + Math.min(D[i - 1]![j - 1]!, D[i - 1]![j]!, D[i]![j - 1]!);
    }
  }
  return D[n]![m]!;
}

describe('dtwDistance', () => {
  it.each([
    [1, 1],
    [7, 7],
    [32, 32],
    [20, 27],
    [27, 20],
  ])('equals a brute-force DTW when the band covers the whole matrix (%i × %i)', (n, m) => {
    for (let seed = 0; seed < 5; seed++) {
      const a = randomSequence(100 * n + seed, n);
      const b = randomSequence(100 * m + seed + 50, m);
      const expected = bruteForceDtw(a, b);
      expect(dtwDistance(a, b)).toBeCloseTo(expected, 9);
      expect(dtwDistance(a, b, { radius: Math.max(n, m) - 1 })).toBeCloseTo(expected, 9);
    }
  });

  it.each([0, 1, 3, 8])('equals the brute-force recursion restricted to a Sakoe–Chiba band of radius %i', (radius) => {
    for (let seed = 0; seed < 5; seed++) {
      const a = randomSequence(seed, 40);
      const b = randomSequence(seed + 1000, 40);
      expect(dtwDistance(a, b, { radius })).toBeCloseTo(bruteForceDtw(a, b, radius), 9);
    }
  });

  it('narrowing the band never lowers the distance; radius 0 is the lockstep squared distance', () => {
    const a = randomSequence(1, 64);
    const b = randomSequence(2, 64);
    const distances = [0, 2, 6, 16, 63].map((radius) => dtwDistance(a, b, { radius }));
    for (let k = 1; k < distances.length; k++) expect(distances[k]).toBeLessThanOrEqual(distances[k - 1]!);
    let lockstep = 0;
    for (let n = 0; n < 64; n++) lockstep += (a.i[n]! - b.i[n]!) ** 2 + (a.q[n]! - b.q[n]!) ** 2;
    expect(distances[0]).toBeCloseTo(lockstep, 9);
  });

  it('is zero for a sequence against itself, symmetric, and finds a time shift that lockstep distance cannot', () => {
    const a = randomSequence(3, 50);
    const b = randomSequence(4, 50);
    expect(dtwDistance(a, a, { radius: 5 })).toBe(0);
    expect(dtwDistance(a, b, { radius: 5 })).toBeCloseTo(dtwDistance(b, a, { radius: 5 }), 9);
    // a smooth tone and the same tone two samples later: warping aligns them almost exactly
    const tone = (delay: number): IqSequence => ({
      i: Float32Array.from({ length: 64 }, (_, n) => Math.cos(0.2 * (n - delay))),
      q: Float32Array.from({ length: 64 }, (_, n) => Math.sin(0.2 * (n - delay))),
    });
    const shifted = dtwDistance(tone(0), tone(2), { radius: 4 });
    const lockstep = dtwDistance(tone(0), tone(2), { radius: 0 });
    expect(shifted).toBeLessThan(0.1 * lockstep);
  });

  it('abandons with +Infinity only when the distance exceeds the cut-off, and is exact otherwise', () => {
    for (let seed = 0; seed < 10; seed++) {
      const a = randomSequence(seed, 30);
      const b = randomSequence(seed + 77, 30);
      const exact = dtwDistance(a, b, { radius: 4 });
      expect(dtwDistance(a, b, { radius: 4, abandonAbove: exact * 0.9 })).toBe(Number.POSITIVE_INFINITY);
      expect(dtwDistance(a, b, { radius: 4, abandonAbove: exact * 1.0001 })).toBeCloseTo(exact, 9);
    }
  });

  it('reuses a scratch buffer without carrying anything over between calls', () => {
    const scratch = new Float64Array(2 * 41);
    const pairs = [0, 1, 2].map((s) => [randomSequence(s, 40), randomSequence(s + 9, 40)] as const);
    for (const [a, b] of pairs) expect(dtwDistance(a, b, { radius: 3, scratch })).toBeCloseTo(bruteForceDtw(a, b, 3), 9);
  });

  it('refuses a band too narrow to join the ends of unequal sequences, and empty sequences', () => {
    expect(() => dtwDistance(randomSequence(1, 10), randomSequence(2, 14), { radius: 3 })).toThrow(/radius/);
    expect(() => dtwDistance({ i: new Float32Array(0), q: new Float32Array(0) }, randomSequence(2, 4))).toThrow(/empty/);
    expect(bandRadius(64, 0.1)).toBe(6);
    expect(bandRadius(64, 0)).toBe(0);
  });
});
