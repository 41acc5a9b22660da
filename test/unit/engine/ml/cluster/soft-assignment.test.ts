import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { klTensor, pairwiseTensor, studentTTensor } from '../../../../../src/main/engine/ml/cluster/dec-loss.ts';
import { hardAssignments, klDivergence, studentTAssignment, targetDistribution } from '../../../../../src/main/engine/ml/cluster/soft-assignment.ts';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';

beforeAll(async () => {
  await initBackend();
});

function randomArray(n: number, seed: number, scale = 1): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => scale * rng.normal());
}

/** Shannon entropy of each row, averaged. */
function meanRowEntropy(m: Float64Array, k: number): number {
  let h = 0;
  for (let i = 0; i < m.length; i++) if (m[i]! > 0) h -= m[i]! * Math.log(m[i]!);
  return h / (m.length / k);
}

describe('Student-t soft assignment and target', () => {
  const n = 40;
  const d = 4;
  const k = 5;
  const z = randomArray(n * d, 1, 2);
  const centres = randomArray(k * d, 2, 2);

  it('q rows sum to 1, and q is largest at the nearest centre', () => {
    const q = studentTAssignment(z, d, centres);
    for (let i = 0; i < n; i++) {
      const row = q.subarray(i * k, (i + 1) * k);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const dist = Array.from({ length: k }, (_, j) => Array.from({ length: d }, (_, t) => (z[i * d + t]! - centres[j * d + t]!) ** 2).reduce((a, b) => a + b));
      expect(hardAssignments(q, k)[i]).toBe(dist.indexOf(Math.min(...dist)));
    }
  });

  it('p rows sum to 1 and p is sharper than q (lower entropy, larger top share in every row)', () => {
    const q = studentTAssignment(z, d, centres);
    const p = targetDistribution(q, k);
    for (let i = 0; i < n; i++) {
      expect(p.subarray(i * k, (i + 1) * k).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    expect(meanRowEntropy(p, k)).toBeLessThan(meanRowEntropy(q, k) - 0.05);
    expect(klDivergence(p, q, k)).toBeGreaterThan(0);
    expect(klDivergence(q, q, k)).toBe(0);
  });

  it('the TF.js Q equals the float64 Q', () => {
    const q64 = studentTAssignment(z, d, centres);
    const q32 = tf.tidy(() => studentTTensor(tf.tensor2d(Float32Array.from(z), [n, d]), tf.tensor2d(Float32Array.from(centres), [k, d])).dataSync());
    q64.forEach((v, i) => expect(Math.abs(q32[i]! - v)).toBeLessThan(1e-6 + 1e-5 * v));
  });

  it('the gradient of KL(P‖Q) by the embeddings and by the centres equals central finite differences', () => {
    const m = 6;
    const zs = randomArray(m * d, 3);
    const cs = randomArray(k * d, 4);
    // a fixed, sharp target as the loop uses it
    const p = targetDistribution(studentTAssignment(randomArray(m * d, 5), d, cs), k);
    const loss = (zv: Float64Array, cv: Float64Array): number => klDivergence(p, studentTAssignment(zv, d, cv), k);
    const before = tf.memory().numTensors;
    const [gz, gc] = tf.tidy(() => {
      const pt = tf.tensor2d(Float32Array.from(p), [m, k]);
      const g = tf.grads((zt: tf.Tensor, ct: tf.Tensor) => klTensor(pt, studentTTensor(zt as tf.Tensor2D, ct as tf.Tensor2D)));
      return g([tf.tensor2d(Float32Array.from(zs), [m, d]), tf.tensor2d(Float32Array.from(cs), [k, d])]).map((t) => t.dataSync() as Float32Array);
    });
    expect(tf.memory().numTensors).toBe(before);
    const h = 1e-6;
    const numeric = (which: 'z' | 'c', at: number): number => {
      const zp = Float64Array.from(zs);
      const zm = Float64Array.from(zs);
      const cp = Float64Array.from(cs);
      const cm = Float64Array.from(cs);
      if (which === 'z') {
        zp[at] += h;
        zm[at] -= h;
      } else {
        cp[at] += h;
        cm[at] -= h;
      }
      return (loss(zp, cp) - loss(zm, cm)) / (2 * h);
    };
    const scale = Math.max(...Array.from(gz!, Math.abs), ...Array.from(gc!, Math.abs));
    expect(scale).toBeGreaterThan(1e-3);
    for (let a = 0; a < m * d; a++) expect(Math.abs(gz![a]! - numeric('z', a))).toBeLessThan(2e-3 * scale);
    for (let a = 0; a < k * d; a++) expect(Math.abs(gc![a]! - numeric('c', a))).toBeLessThan(2e-3 * scale);
    // the centres' gradient is the negative sum of the embeddings' pull on them: Σ_i ∂L/∂z_i = −Σ_j ∂L/∂μ_j
    for (let t = 0; t < d; t++) {
      let sz = 0;
      let sc = 0;
      for (let i = 0; i < m; i++) sz += gz![i * d + t]!;
      for (let j = 0; j < k; j++) sc += gc![j * d + t]!;
      expect(Math.abs(sz + sc)).toBeLessThan(1e-5 * Math.max(1, scale));
    }
  });
});

describe('pairwiseTensor', () => {
  it('is near 0 when selected pairs agree with their targets and large when they contradict them', () => {
    const values = tf.tidy(() => {
      const q = tf.tensor2d([0.98, 0.01, 0.01, 0.98, 0.01, 0.01, 0.01, 0.98, 0.01], [3, 3]);
      // pair (0,1) together, pair (0,2) apart
      const agree = tf.tensor2d([0, 1, 0, 1, 0, 0, 0, 0, 0], [3, 3]);
      const contradict = tf.tensor2d([0, 0, 1, 0, 0, 0, 1, 0, 0], [3, 3]);
      const mask = tf.tensor2d([0, 1, 1, 1, 0, 0, 1, 0, 0], [3, 3]);
      const none = tf.zeros([3, 3]) as tf.Tensor2D;
      return [pairwiseTensor(q, agree, mask), pairwiseTensor(q, contradict, mask), pairwiseTensor(q, agree, none)].map((t) => t.dataSync()[0]!);
    });
    expect(values[0]).toBeLessThan(0.05);
    expect(values[1]).toBeGreaterThan(2);
    expect(values[2]).toBe(0);
  });
});
