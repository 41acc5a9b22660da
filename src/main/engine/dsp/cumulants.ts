// Higher-order cumulants of a complex baseband vector, the classic modulation features of Swami &
// Sadler, "Hierarchical digital modulation classification using cumulants". Moments
// M_pq = E[x^(p−q)·conj(x)^q] of the zero-mean vector; cumulants of orders 2, 4 and 6 from them.

interface Complex {
  re: number;
  im: number;
}

export interface Cumulants {
  c20: Complex;
  /** the mean power E|x|² (real) */
  c21: number;
  c40: Complex;
  c41: Complex;
  c42: number;
  c60: Complex;
  c61: Complex;
  c62: Complex;
  c63: number;
}

const mul = (a: Complex, b: Complex): Complex => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
const scale = (a: Complex, s: number): Complex => ({ re: a.re * s, im: a.im * s });
const conj = (a: Complex): Complex => ({ re: a.re, im: -a.im });
const sum = (...terms: Complex[]): Complex => terms.reduce((acc, t) => ({ re: acc.re + t.re, im: acc.im + t.im }), { re: 0, im: 0 });
const real = (v: number): Complex => ({ re: v, im: 0 });

/** Cumulants of one vector given as its I and Q rows; the mean is removed first. */
export function cumulants(i: ArrayLike<number>, q: ArrayLike<number>): Cumulants {
  const n = i.length;
  if (n === 0 || q.length !== n) throw new RangeError(`cumulants: I has ${n} samples, Q has ${q.length}`);
  let meanRe = 0;
  let meanIm = 0;
  for (let t = 0; t < n; t++) {
    meanRe += i[t]!;
    meanIm += q[t]!;
  }
  meanRe /= n;
  meanIm /= n;
  // moments: m20 = E[x²], m40 = E[x⁴], m41 = E[x³x*], m60 = E[x⁶], m61 = E[x⁵x*], m62 = E[x⁴|x|²]; m21, m42, m63 real
  const m = { m20: real(0), m21: 0, m40: real(0), m41: real(0), m42: 0, m60: real(0), m61: real(0), m62: real(0), m63: 0 };
  for (let t = 0; t < n; t++) {
    const x = { re: i[t]! - meanRe, im: q[t]! - meanIm };
    const power = x.re * x.re + x.im * x.im;
    const x2 = mul(x, x);
    const x4 = mul(x2, x2);
    m.m20 = sum(m.m20, x2);
    m.m21 += power;
    m.m40 = sum(m.m40, x4);
    m.m41 = sum(m.m41, scale(x2, power));
    m.m42 += power * power;
    m.m60 = sum(m.m60, mul(x4, x2));
    m.m61 = sum(m.m61, scale(x4, power));
    m.m62 = sum(m.m62, scale(x2, power * power));
    m.m63 += power * power * power;
  }
  const m20 = scale(m.m20, 1 / n);
  const m21 = m.m21 / n;
  const m40 = scale(m.m40, 1 / n);
  const m41 = scale(m.m41, 1 / n);
  const m42 = m.m42 / n;
  const m60 = scale(m.m60, 1 / n);
  const m61 = scale(m.m61, 1 / n);
  const m62 = scale(m.m62, 1 / n);
  const m63 = m.m63 / n;
  const m22 = conj(m20);
  const m43 = conj(m41);
  const m20sq = mul(m20, m20);
  const abs20sq = m20.re * m20.re + m20.im * m20.im;
  return {
    c20: m20,
    c21: m21,
    c40: sum(m40, scale(m20sq, -3)),
    c41: sum(m41, scale(m20, -3 * m21)),
    c42: m42 - abs20sq - 2 * m21 * m21,
    c60: sum(m60, scale(mul(m20, m40), -15), scale(mul(m20sq, m20), 30)),
    c61: sum(m61, scale(m40, -5 * m21), scale(mul(m20, m41), -10), scale(m20sq, 30 * m21)),
    c62: sum(m62, scale(m20, -6 * m42), scale(m41, -8 * m21), scale(mul(m22, m40), -1), scale(mul(m20sq, m22), 6), scale(m20, 24 * m21 * m21)),
    c63: sum(real(m63 - 9 * m21 * m42 + 12 * m21 ** 3), scale(mul(m20, m43), -3), scale(mul(m22, m41), -3), scale(real(abs20sq), 18 * m21)).re,
  };
}

const abs = (a: Complex): number => Math.hypot(a.re, a.im);

/**
 * Magnitudes normalised by the power so they do not depend on the vector's scale:
 * |C20|/C21, |C40|/C21², |C41|/C21², |C42|/C21², |C60|/C21³, |C61|/C21³, |C62|/C21³, |C63|/C21³.
 */
export function normalisedCumulantMagnitudes(i: ArrayLike<number>, q: ArrayLike<number>): number[] {
  const c = cumulants(i, q);
  const p = c.c21 > 0 ? c.c21 : 1;
  return [abs(c.c20) / p, abs(c.c40) / p ** 2, abs(c.c41) / p ** 2, Math.abs(c.c42) / p ** 2, abs(c.c60) / p ** 3, abs(c.c61) / p ** 3, abs(c.c62) / p ** 3, Math.abs(c.c63) / p ** 3];
}
