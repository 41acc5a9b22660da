// The linear blend, our second mixing operator: λ·a + (1 − λ)·b of two signals of one class,
// λ drawn from Beta(β, β) or a uniform range, per mix.
import type { Rng } from '../../base/random.ts';

export type LambdaDistribution = { kind: 'beta'; beta: number } | { kind: 'uniform'; low: number; high: number };

/** λ·a + (1 − λ)·b, a new signal. */
export function blendSignals(a: Float32Array, b: Float32Array, lambda: number): Float32Array {
  if (a.length !== b.length) throw new RangeError(`blend: signals of ${a.length} and ${b.length} floats`);
  const out = new Float32Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = lambda * a[k]! + (1 - lambda) * b[k]!;
  return out;
}

/** Gamma(shape, 1) by Marsaglia and Tsang's squeeze method (shape < 1 boosted by U^(1/shape)). */
function gammaSample(shape: number, rng: Rng): number {
  if (shape < 1) return gammaSample(shape + 1, rng) * (1 - rng.next()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = rng.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * z ** 4 || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One λ from the distribution. */
export function drawLambda(distribution: LambdaDistribution, rng: Rng): number {
  if (distribution.kind === 'uniform') return distribution.low + (distribution.high - distribution.low) * rng.next();
  const g1 = gammaSample(distribution.beta, rng);
  const g2 = gammaSample(distribution.beta, rng);
  return g1 + g2 > 0 ? g1 / (g1 + g2) : 0.5;
}
