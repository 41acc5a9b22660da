import { beforeAll, describe, expect, it } from 'vitest';
import { fft } from '../../../../../src/main/engine/dsp/fft.ts';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import type { FrequencyMode } from '../../../../../src/main/engine/ml/distill/config.ts';
import { createFrequencyView } from '../../../../../src/main/engine/ml/distill/frequency-view.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { finiteDifferences, gaussian, relativeError } from './real-set.ts';

beforeAll(async () => {
  await initBackend();
});

/** The expected view from the project's FFT, in float64. */
function expectedView(x: Float32Array, n: number, length: number, mode: FrequencyMode): Float64Array {
  const scale = 1 / Math.sqrt(length);
  const rows: Float64Array[] = [];
  for (let s = 0; s < n; s++) {
    const i = x.subarray(s * 2 * length, s * 2 * length + length);
    const q = x.subarray(s * 2 * length + length, (s + 1) * 2 * length);
    if (mode === 'complex') {
      const f = fft(i, q);
      rows.push(f.re, f.im);
    } else {
      for (const rail of [i, q]) {
        const f = fft(rail, new Float64Array(length));
        rows.push(Float64Array.from([...f.re, ...f.im]));
      }
    }
  }
  const out = new Float64Array(rows.reduce((k, r) => k + r.length, 0));
  let at = 0;
  for (const r of rows) {
    out.set(r.map((v) => v * scale), at);
    at += r.length;
  }
  return out;
}

describe('frequency view (DFT as a matrix product)', () => {
  for (const mode of ['complex', 'per-rail'] as const) {
    for (const length of [128, 100]) {
      it(`${mode}, L = ${length}: equals the FFT to 1e-5`, () => {
        const n = 3;
        const x = gaussian(n * 2 * length, length);
        const view = createFrequencyView(length, mode);
        const got = tf.tidy(() => view.apply(tf.tensor3d(x, [n, 2, length])).dataSync());
        view.dispose();
        const want = expectedView(x, n, length, mode);
        expect(got.length).toBe(want.length);
        let worst = 0;
        for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(got[k]! - want[k]!));
        expect(worst).toBeLessThan(1e-5);
      });
    }

    it(`${mode}: its gradient equals finite differences`, () => {
      const length = 16;
      const x = gaussian(2 * 2 * length, 3);
      const view = createFrequencyView(length, mode);
      const weights = tf.tensor(gaussian(2 * 2 * view.outputLength, 4), [2, 2, view.outputLength]);
      const objective = (v: tf.Tensor) => tf.sum(tf.mul(weights, view.apply(v as tf.Tensor3D)));
      const grad = tf.tidy(() => tf.grad(objective)(tf.tensor3d(x, [2, 2, length])).dataSync());
      const numeric = finiteDifferences((p) => tf.tidy(() => objective(tf.tensor3d(p, [2, 2, length])).dataSync()[0]!), x, 1e-2);
      weights.dispose();
      view.dispose();
      expect(relativeError(grad, numeric)).toBeLessThan(1e-3);
    });
  }

  it('keeps Parseval: the orthonormal DFT preserves energy', () => {
    const length = 64;
    const x = gaussian(2 * length, 9);
    const view = createFrequencyView(length, 'complex');
    const energy = tf.tidy(() => tf.sum(tf.square(view.apply(tf.tensor3d(x, [1, 2, length])))).dataSync()[0]!);
    view.dispose();
    const direct = x.reduce((s, v) => s + v * v, 0);
    expect(Math.abs(energy - direct) / direct).toBeLessThan(1e-5);
  });
});
