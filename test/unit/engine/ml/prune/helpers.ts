// Tiny seeded inputs for pruning tests: random I/Q arrays with labels, as a DataSource.
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { arraySource, type DataSource } from '../../../../../src/main/engine/ml/train/data.ts';

export function randomSource(n: number, length: number, classes: number, seed: number): DataSource {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n * 2 * length }, () => rng.normal());
  const y = Int32Array.from({ length: n }, () => rng.int(classes));
  return arraySource(x, y, length);
}

/** Labels a sample by which of C frequencies its I row carries, so a tiny net can learn it. */
export function toneSource(n: number, length: number, classes: number, seed: number): DataSource {
  const rng = createRng(seed);
  const x = new Float32Array(n * 2 * length);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(classes);
    y[i] = c;
    const f = (c + 1) / (2 * (classes + 1));
    const phase = rng.next() * 2 * Math.PI;
    for (let t = 0; t < length; t++) {
      x[i * 2 * length + t] = Math.cos(2 * Math.PI * f * t + phase) + 0.3 * rng.normal();
      x[i * 2 * length + length + t] = Math.sin(2 * Math.PI * f * t + phase) + 0.3 * rng.normal();
    }
  }
  return arraySource(x, y, length);
}
