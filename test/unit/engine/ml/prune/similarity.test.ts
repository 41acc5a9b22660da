import { describe, expect, it } from 'vitest';
import { layerSimilarity, similarityMatrix, type Activations } from '../../../../../src/main/engine/ml/prune/similarity.ts';
import { createSeededNormal } from './seeded-normal.ts';

function randomActivations(n: number, p: number, seed: number): Activations {
  const normal = createSeededNormal(seed);
  const data = new Float64Array(n * p);
  for (let i = 0; i < data.length; i++) data[i] = normal();
  return { data, n, p };
}

/** A random p×p orthogonal matrix by Gram–Schmidt on gaussian columns. */
function randomOrthogonal(p: number, seed: number): Float64Array {
  const normal = createSeededNormal(seed);
  const q = new Float64Array(p * p); // column-major columns q_j
  for (let j = 0; j < p; j++) {
    const v = new Float64Array(p).map(() => normal());
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < p; i++) dot += v[i]! * q[k * p + i]!;
      for (let i = 0; i < p; i++) v[i]! -= dot * q[k * p + i]!;
    }
    const norm = Math.hypot(...v);
    for (let i = 0; i < p; i++) q[j * p + i] = v[i]! / norm;
  }
  return q;
}

function rotate(a: Activations, q: Float64Array): Activations {
  const { n, p } = a;
  const out = new Float64Array(n * p);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < p; i++) s += a.data[r * p + i]! * q[j * p + i]!;
      out[r * p + j] = s;
    }
  }
  return { data: out, n, p };
}

describe('linear CKA', () => {
  const x = randomActivations(64, 12, 1);

  it('is 1 for identical activations', () => {
    expect(layerSimilarity(x, x)).toBeCloseTo(1, 12);
  });

  it('is invariant to an orthogonal transform of the features', () => {
    const xq = rotate(x, randomOrthogonal(12, 2));
    expect(layerSimilarity(x, xq)).toBeCloseTo(1, 10);
    const y = randomActivations(64, 7, 3);
    expect(layerSimilarity(xq, y)).toBeCloseTo(layerSimilarity(x, y), 10);
  });

  it('is invariant to isotropic scaling and per-feature offsets', () => {
    const y = randomActivations(64, 7, 4);
    const shifted = { ...y, data: y.data.map((v, i) => 3 * v + (i % 7)) };
    expect(layerSimilarity(x, shifted)).toBeCloseTo(layerSimilarity(x, y), 10);
  });

  it('is low for independent random activations and lies in [0, 1]', () => {
    const y = randomActivations(64, 12, 5);
    const s = layerSimilarity(x, y);
    expect(s).toBeGreaterThan(0);
    expect(s).toBeLessThan(0.5);
  });

  it('builds a symmetric matrix with unit diagonal', () => {
    const layers = [x, randomActivations(64, 5, 6), rotate(x, randomOrthogonal(12, 7))];
    const s = similarityMatrix(layers);
    for (let i = 0; i < 3; i++) {
      expect(s[i]![i]).toBe(1);
      for (let j = 0; j < 3; j++) expect(s[i]![j]).toBeCloseTo(s[j]![i]!, 12);
    }
    expect(s[0]![2]).toBeCloseTo(1, 10);
  });

  it('refuses activations of different sample counts', () => {
    expect(() => layerSimilarity(x, randomActivations(32, 12, 8))).toThrow(/same samples/);
  });
});
