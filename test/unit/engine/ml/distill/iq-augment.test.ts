import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { resolveDistillConfig } from '../../../../../src/main/engine/ml/distill/config.ts';
import { drawEmbedder } from '../../../../../src/main/engine/ml/distill/embedder.ts';
import { createFrequencyView } from '../../../../../src/main/engine/ml/distill/frequency-view.ts';
import { distillGroups, gatherSignals } from '../../../../../src/main/engine/ml/distill/groups.ts';
import { applyIqTransform, drawIqOrbit, drawIqTransform, drawIqTransformFrom, GAIN_RANGE, iqBatchAugment, orbitMean, type IqTransform } from '../../../../../src/main/engine/ml/distill/iq-augment.ts';
import { matchingIteration } from '../../../../../src/main/engine/ml/distill/matching-run.ts';
import { signalScale } from '../../../../../src/main/engine/ml/distill/signal-scale.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { finiteDifferences, gaussian, generatedRealSet, relativeError } from './real-set.ts';

beforeAll(async () => {
  await initBackend();
});

/** The transform written out sample by sample, for [n][2][length] values. */
function byHand(x: Float32Array, n: number, length: number, t: IqTransform): Float32Array {
  const out = new Float32Array(x.length);
  const c = t.gain * Math.cos(t.angle);
  const s = t.gain * Math.sin(t.angle);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < length; j++) {
      const from = (j + t.shift) % length;
      const i = x[k * 2 * length + from]!;
      const q = x[k * 2 * length + length + from]!;
      out[k * 2 * length + j] = i * c - q * s;
      out[k * 2 * length + length + j] = i * s + q * c;
    }
  }
  return out;
}

describe('I/Q augmentation', () => {
  const length = 8;
  const t: IqTransform = { angle: 1.1, shift: 3, gain: 0.9 };

  it('rotates [I, Q], shifts circularly in time and scales, as written out by hand', () => {
    const x = gaussian(3 * 2 * length, 1);
    const y = tf.tidy(() => applyIqTransform(tf.tensor3d(x, [3, 2, length]), t).dataSync() as Float32Array);
    expect(relativeError(y, byHand(x, 3, length, t))).toBeLessThan(1e-6);
    // a quarter turn maps (I, Q) to (−Q, I)
    const quarter = tf.tidy(() => applyIqTransform(tf.tensor3d(x, [3, 2, length]), { angle: Math.PI / 2, shift: 0, gain: 1 }).dataSync() as Float32Array);
    expect(quarter[0]).toBeCloseTo(-x[length]!, 6);
    expect(quarter[length]).toBeCloseTo(x[0]!, 6);
  });

  it('its gradient equals finite differences', () => {
    const x = gaussian(2 * 2 * length, 2);
    const w = gaussian(2 * 2 * length, 3);
    const before = tf.memory().numTensors;
    // a non-linear read-out, so the check sees more than the transform's transpose
    const f = (v: tf.Tensor) => tf.sum(tf.mul(tf.square(applyIqTransform(v as tf.Tensor3D, t)), tf.tensor3d(w, [2, 2, length])));
    const analytic = tf.tidy(() => tf.grad(f)(tf.tensor3d(x, [2, 2, length])).dataSync() as Float32Array);
    const numeric = finiteDifferences((p) => tf.tidy(() => f(tf.tensor3d(p, [2, 2, length])).dataSync()[0]!), x, 1e-2);
    expect(tf.memory().numTensors).toBe(before);
    expect(relativeError(analytic, numeric)).toBeLessThan(1e-3);
  });

  it('draws its transform from the seed alone, within its ranges', () => {
    expect(drawIqTransform(5, 128)).toEqual(drawIqTransform(5, 128));
    expect(drawIqTransform(6, 128)).not.toEqual(drawIqTransform(5, 128));
    for (let seed = 0; seed < 50; seed++) {
      const d = drawIqTransform(seed, 128);
      expect(d.angle).toBeGreaterThanOrEqual(0);
      expect(d.angle).toBeLessThan(2 * Math.PI);
      expect(Number.isInteger(d.shift) && d.shift >= 0 && d.shift < 128).toBe(true);
      expect(d.gain).toBeGreaterThanOrEqual(GAIN_RANGE[0]);
      expect(d.gain).toBeLessThanOrEqual(GAIN_RANGE[1]);
    }
  });
});

describe('evaluation-side augmentation', () => {
  it('gives every training signal its own transform from the batch generator, the batch given untouched', () => {
    const length = 8;
    const x = gaussian(4 * 2 * length, 13);
    const kept = Float32Array.from(x);
    const y = Int32Array.from([0, 1, 2, 3]);
    const out = iqBatchAugment(length)(x, y, createRng(21));
    expect(Array.from(x)).toEqual(Array.from(kept));
    expect(out.y).toBe(y);
    const rng = createRng(21);
    const drawn = [0, 1, 2, 3].map(() => drawIqTransformFrom(rng, length));
    expect(new Set(drawn.map((t) => t.angle)).size).toBe(4);
    drawn.forEach((t, k) => {
      const one = x.subarray(k * 2 * length, (k + 1) * 2 * length);
      expect(relativeError(out.x.subarray(k * 2 * length, (k + 1) * 2 * length), byHand(one, 1, length, t))).toBeLessThan(1e-6);
    });
  });
});

describe('orbit of transformed copies', () => {
  const length = 16;

  it('draws angles that split the circle evenly, from the seed alone', () => {
    const orbit = drawIqOrbit(3, length, 4);
    expect(drawIqOrbit(3, length, 4)).toEqual(orbit);
    const angles = orbit.map((t) => t.angle);
    for (let k = 1; k < 4; k++) {
      const step = (angles[k]! - angles[k - 1]! + 2 * Math.PI) % (2 * Math.PI);
      expect(step).toBeCloseTo(Math.PI / 2, 10);
    }
  });

  it('embeds a signal as the mean of its transformed copies, one copy at a time alike', () => {
    const embedder = drawEmbedder({ arch: 'convnet', width: 4, depth: 2 }, length, 2, 9);
    const x = gaussian(3 * 2 * length, 8);
    const orbit = drawIqOrbit(4, length, 3);
    const before = tf.memory().numTensors;
    const together = tf.tidy(() => orbitMean((v) => embedder.features(v), tf.tensor3d(x, [3, 2, length]), orbit).dataSync() as Float32Array);
    const oneByOne = tf.tidy(() => {
      const each = orbit.map((t) => embedder.features(applyIqTransform(tf.tensor3d(x, [3, 2, length]), t)));
      return tf.div(tf.addN(each), orbit.length).dataSync() as Float32Array;
    });
    expect(tf.memory().numTensors).toBe(before);
    embedder.dispose();
    expect(together.length).toBe(3 * 4 * (length >> 2));
    expect(relativeError(together, oneByOne)).toBeLessThan(1e-5);
  });

  it('passes the gradient back through every copy (finite differences, smooth read-out)', () => {
    const x = gaussian(2 * 2 * length, 10);
    const orbit = drawIqOrbit(5, length, 3);
    const w = gaussian(2 * 2 * length, 11);
    const f = (v: tf.Tensor) => tf.sum(tf.mul(orbitMean((u) => tf.reshape(tf.tanh(u), [u.shape[0], -1]), v as tf.Tensor3D, orbit), tf.tensor2d(w, [2, 2 * length])));
    const analytic = tf.tidy(() => tf.grad(f)(tf.tensor3d(x, [2, 2, length])).dataSync() as Float32Array);
    const numeric = finiteDifferences((p) => tf.tidy(() => f(tf.tensor3d(p, [2, 2, length])).dataSync()[0]!), x, 1e-2);
    expect(relativeError(analytic, numeric)).toBeLessThan(1e-3);
  });

  it('matching with it: S is embedded through its copies, the real batch as it is', () => {
    const real = generatedRealSet(['BPSK', 'QPSK'], [10], 4, length);
    const scale = signalScale(real.x);
    const groups = distillGroups(real, false, 1);
    const s = gaussian(groups.length * 2 * length, 12);
    const tiny = { method: 'dm' as const, ipc: 1, batchReal: 4, embedder: { arch: 'convnet', width: 4, depth: 2 } };
    const orbit = matchingIteration(real, groups, resolveDistillConfig({ ...tiny, augment: 'orbit' }), s, 0, scale, null);
    const plain = matchingIteration(real, groups, resolveDistillConfig(tiny), s, 0, scale, null);
    expect(Math.abs(orbit.lossTime - plain.lossTime)).toBeGreaterThan(1e-3 * plain.lossTime);
    expect(orbit.gradient.every(Number.isFinite)).toBe(true);
  });
});

describe('matching with I/Q augmentation', () => {
  const length = 16;
  // one real signal per class: the real batch is that signal, and S copied from it matches exactly
  const real = generatedRealSet(['BPSK', 'QPSK', 'GFSK'], [10], 1, length);
  const scale = signalScale(real.x);
  const tiny = { ipc: 1, batchReal: 1, embedder: { arch: 'convnet', width: 4, depth: 2 } };
  const groups = distillGroups(real, false, 1);
  const copy = gatherSignals(real, [0, 1, 2]).map((v) => v / scale);

  it('applies the same transform to the real batch and to S, in both domains', () => {
    const config = resolveDistillConfig({ method: 'mdm', augment: 'iq', ...tiny });
    const view = createFrequencyView(length, 'complex');
    for (const iteration of [0, 1, 2]) {
      const r = matchingIteration(real, groups, config, copy, iteration, scale, view);
      expect(r.lossTime).toBeLessThan(1e-8);
      expect(r.lossFrequency).toBeLessThan(1e-8);
    }
    view.dispose();
    // S a quarter turn away from its real signal: the shared transform keeps that difference
    const turned = tf.tidy(() => applyIqTransform(tf.tensor3d(copy, [3, 2, length]), { angle: Math.PI / 2, shift: 0, gain: 1 }).dataSync() as Float32Array);
    expect(matchingIteration(real, groups, config, turned, 0, scale, null).lossTime).toBeGreaterThan(1e-2);
  });

  it('changes the loss against no augmentation', () => {
    const s = gaussian(copy.length, 4);
    const augmented = resolveDistillConfig({ method: 'dm', augment: 'iq', ...tiny });
    const plain = resolveDistillConfig({ method: 'dm', ...tiny });
    expect(plain.augment).toBe('none');
    const a = matchingIteration(real, groups, augmented, s, 0, scale, null);
    const p = matchingIteration(real, groups, plain, s, 0, scale, null);
    expect(Math.abs(a.lossTime - p.lossTime)).toBeGreaterThan(1e-3 * p.lossTime);
  });

  it('∂(L_TD + α·L_FD)/∂S through the transform equals finite differences', () => {
    const small = generatedRealSet(['BPSK', 'QPSK'], [10], 6, length);
    const smallScale = signalScale(small.x);
    const config = resolveDistillConfig({ method: 'mdm', alpha: 0.5, augment: 'iq', ipc: 2, batchReal: 3, embedder: { arch: 'convnet', width: 4, depth: 2 } });
    const smallGroups = distillGroups(small, false, 2);
    const view = createFrequencyView(length, 'complex');
    const s = gaussian(smallGroups.length * 2 * 2 * length, 5);
    // iteration 1: a draw whose ReLUs sit away from their kinks at this step size (the central
    // differences of a piecewise-linear net are off wherever a probe crosses one)
    const { gradient } = matchingIteration(small, smallGroups, config, s, 1, smallScale, view);
    const numeric = finiteDifferences((v) => {
      const r = matchingIteration(small, smallGroups, config, v, 1, smallScale, view);
      return r.lossTime + 0.5 * r.lossFrequency;
    }, s, 1e-2);
    view.dispose();
    expect(relativeError(gradient, numeric)).toBeLessThan(3e-3);
  });

  it('MDM matches through the orbit unless a run names another augmentation; DM and the selections plainly', () => {
    expect(resolveDistillConfig({ method: 'mdm', ipc: 1 }).augment).toBe('orbit');
    expect(resolveDistillConfig({ method: 'mdm', ipc: 1 }, 'reference').augment).toBe('orbit');
    expect(resolveDistillConfig({ method: 'mdm', ipc: 1, augment: 'none' }).augment).toBe('none');
    for (const method of ['dm', 'random', 'herding', 'kcenter'] as const) expect(resolveDistillConfig({ method, ipc: 1 }).augment).toBe('none');
  });

  it('refuses an unknown augmentation', () => {
    expect(() => resolveDistillConfig({ method: 'dm', ipc: 1, augment: 'flip' as 'iq' })).toThrow(/augment 'flip' is unknown/);
  });
});
