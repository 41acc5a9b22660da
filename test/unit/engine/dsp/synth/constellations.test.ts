import { describe, expect, it } from 'vitest';
import { constellations, type Constellation } from '../../../../../src/main/engine/dsp/synth/constellations.ts';

function popcount(v: number): number {
  let c = 0;
  for (let x = v; x; x >>= 1) c += x & 1;
  return c;
}

function nearestNeighbourPairs(c: Constellation): Array<[number, number]> {
  const m = c.re.length;
  let dmin = Infinity;
  for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) dmin = Math.min(dmin, Math.hypot(c.re[a] - c.re[b], c.im[a] - c.im[b]));
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) if (Math.hypot(c.re[a] - c.re[b], c.im[a] - c.im[b]) < dmin * 1.0001) pairs.push([a, b]);
  }
  return pairs;
}

describe('constellations', () => {
  it.each(Object.entries(constellations))('%s: distinct points, unit average power', (_name, c) => {
    const m = c.re.length;
    expect(m).toBe(2 ** c.bitsPerSymbol);
    let power = 0;
    const seen = new Set<string>();
    for (let k = 0; k < m; k++) {
      power += c.re[k] ** 2 + c.im[k] ** 2;
      seen.add(`${c.re[k].toFixed(6)},${c.im[k].toFixed(6)}`);
    }
    expect(power / m).toBeCloseTo(1, 12);
    expect(seen.size).toBe(m);
  });

  it.each(Object.entries(constellations))('%s is Gray-coded: nearest neighbours differ in one bit', (_name, c) => {
    const pairs = nearestNeighbourPairs(c);
    expect(pairs.length).toBeGreaterThan(0);
    for (const [a, b] of pairs) expect(popcount(a ^ b)).toBe(1);
  });

  it('QAM16 is the 4×4 grid ±1, ±3 scaled by 1/√10', () => {
    const levels = new Set(Array.from(constellations.QAM16.re, (v) => Math.round(v * Math.sqrt(10))));
    expect([...levels].sort((a, b) => a - b)).toEqual([-3, -1, 1, 3]);
  });
});
