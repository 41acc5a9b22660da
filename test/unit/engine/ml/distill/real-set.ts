// Small real training sets for distillation tests, from the project's own signal generator.
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { synthesizeKey } from '../../../../../src/main/engine/dsp/synth/generate.ts';
import type { RealSet } from '../../../../../src/main/engine/ml/distill/groups.ts';

/** perKey RML2016-style signals of each class at each SNR, class-major. */
export function generatedRealSet(classes: string[], snrs: number[], perKey: number, length: number, seed = 1): RealSet {
  const parts: Float32Array[] = [];
  const labels: number[] = [];
  const snr: number[] = [];
  classes.forEach((className, k) => {
    for (const s of snrs) {
      parts.push(synthesizeKey({ preset: 'rml2016', classes, snrs, perKey, length, seed }, className, s));
      for (let i = 0; i < perKey; i++) {
        labels.push(k);
        snr.push(s);
      }
    }
  });
  const x = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    x.set(p, at);
    at += p.length;
  }
  return { x, labels: Int32Array.from(labels), snr: Float32Array.from(snr), length, classes };
}

/** Gaussian values, for gradient checks that need no signal structure. */
export function gaussian(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** ‖a − b‖ / ‖b‖. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return Math.sqrt(diff / norm);
}

/** Central differences of f at x, one coordinate at a time. */
export function finiteDifferences(f: (x: Float32Array) => number, x: Float32Array, h: number): Float64Array {
  const g = new Float64Array(x.length);
  const probe = Float32Array.from(x);
  for (let i = 0; i < x.length; i++) {
    probe[i] = x[i]! + h;
    const up = f(probe);
    probe[i] = x[i]! - h;
    const down = f(probe);
    probe[i] = x[i]!;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}
