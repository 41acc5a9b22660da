import { describe, expect, it } from 'vitest';
import { cumulants, normalisedCumulantMagnitudes } from '../../../../src/main/engine/dsp/cumulants.ts';
import { createRng } from '../../../../src/main/engine/base/random.ts';

/** Equal counts of each constellation point, shuffled: the sample mean is exactly zero. */
function symbols(points: [number, number][], n: number, seed: number): { i: Float64Array; q: Float64Array } {
  const order = createRng(seed).shuffle(Int32Array.from({ length: n }, (_, t) => t % points.length));
  const i = new Float64Array(n);
  const q = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const [re, im] = points[order[t]!]!;
    i[t] = re;
    q[t] = im;
  }
  return { i, q };
}

describe('cumulants', () => {
  it('gives the textbook values for unit-power BPSK (C40 = C42 = −2, C63 = 16) and QPSK (C40 = C42 = −1, C63 = 4)', () => {
    const bpsk = symbols([[1, 0], [-1, 0]], 1000, 1);
    const b = cumulants(bpsk.i, bpsk.q);
    expect(b.c21).toBeCloseTo(1, 12);
    expect(b.c40.re).toBeCloseTo(-2, 12);
    expect(b.c42).toBeCloseTo(-2, 12);
    expect(b.c63).toBeCloseTo(16, 12);
    const h = Math.SQRT1_2;
    const qpsk = symbols([[h, h], [-h, h], [-h, -h], [h, -h]], 1000, 2);
    const c = cumulants(qpsk.i, qpsk.q);
    expect(c.c40.re).toBeCloseTo(-1, 12);
    expect(Math.hypot(c.c20.re, c.c20.im)).toBeLessThan(1e-12);
    expect(c.c42).toBeCloseTo(-1, 12);
    expect(c.c63).toBeCloseTo(4, 12);
  });

  it('vanishes above order 2 for Gaussian noise, circular or real (every coefficient matters here)', () => {
    const rng = createRng(3);
    const n = 400_000;
    const circular = { i: Float64Array.from({ length: n }, () => rng.normal()), q: Float64Array.from({ length: n }, () => rng.normal()) };
    const realOnly = { i: Float64Array.from({ length: n }, () => rng.normal()), q: new Float64Array(n) };
    for (const { i, q } of [circular, realOnly]) {
      const m = normalisedCumulantMagnitudes(i, q);
      // orders 4 and 6, normalised: statistical error ~ 1/√n times a few
      for (const v of m.slice(1)) expect(v).toBeLessThan(0.12);
    }
    // the real signal is improper: |C20| / C21 = 1, the circular one ≈ 0
    expect(normalisedCumulantMagnitudes(realOnly.i, realOnly.q)[0]).toBeCloseTo(1, 9);
    expect(normalisedCumulantMagnitudes(circular.i, circular.q)[0]).toBeLessThan(0.01);
  });

  it('the normalised magnitudes do not depend on the scale or phase of the vector', () => {
    const rng = createRng(4);
    const i = Float64Array.from({ length: 256 }, () => rng.normal());
    const q = Float64Array.from({ length: 256 }, () => (rng.next() < 0.5 ? 1 : -1));
    const a = normalisedCumulantMagnitudes(i, q);
    const phi = 0.7;
    const s = 3.5;
    const i2 = i.map((v, t) => s * (v * Math.cos(phi) - q[t]! * Math.sin(phi)));
    const q2 = i.map((v, t) => s * (v * Math.sin(phi) + q[t]! * Math.cos(phi)));
    normalisedCumulantMagnitudes(i2, q2).forEach((v, k) => expect(v).toBeCloseTo(a[k]!, 9));
  });
});
