import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { augmentModes, resolveDistillConfig } from '../../../../../src/main/engine/ml/distill/config.ts';
import { createFrequencyView } from '../../../../../src/main/engine/ml/distill/frequency-view.ts';
import { distillGroups } from '../../../../../src/main/engine/ml/distill/groups.ts';
import { matchingIteration } from '../../../../../src/main/engine/ml/distill/matching-run.ts';
import { signalScale } from '../../../../../src/main/engine/ml/distill/signal-scale.ts';
import { momentumStep } from '../../../../../src/main/engine/ml/distill/synthetic-update.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { finiteDifferences, gaussian, generatedRealSet, relativeError } from './real-set.ts';

beforeAll(async () => {
  await initBackend();
});

const length = 16;
const real = generatedRealSet(['BPSK', 'QPSK'], [10], 6, length);
const scale = signalScale(real.x);
// the plain loss; its augmented forms are iq-augment.test.ts's
const tiny = { ipc: 2, batchReal: 3, augment: 'none' as const, embedder: { arch: 'convnet', width: 4, depth: 2 } };

describe('distribution-matching loss', () => {
  for (const alpha of [0, 0.5]) {
    it(`α = ${alpha}: ∂(L_TD + α·L_FD)/∂S equals finite differences`, () => {
      const config = resolveDistillConfig({ method: 'mdm', alpha, ...tiny });
      const groups = distillGroups(real, false, config.ipc);
      const view = createFrequencyView(length, config.frequency);
      const s = gaussian(groups.length * config.ipc * 2 * length, 5);
      const before = tf.memory().numTensors;
      const { gradient } = matchingIteration(real, groups, config, s, 0, scale, view);
      const numeric = finiteDifferences((p) => {
        const r = matchingIteration(real, groups, config, p, 0, scale, view);
        return r.lossTime + alpha * r.lossFrequency;
      }, s, 1e-2);
      expect(tf.memory().numTensors).toBe(before);
      view.dispose();
      expect(relativeError(gradient, numeric)).toBeLessThan(2e-3);
    });
  }

  for (const augment of augmentModes) {
    it(`α = 0 is DM exactly under augment '${augment}': the same loss and the same gradient bytes`, () => {
      const dm = resolveDistillConfig({ method: 'dm', alpha: 1, ...tiny, augment });
      const mdm = resolveDistillConfig({ method: 'mdm', alpha: 0, ...tiny, augment });
      expect(dm.alpha).toBe(0);
      const groups = distillGroups(real, false, tiny.ipc);
      const view = createFrequencyView(length, 'complex');
      const s = gaussian(groups.length * tiny.ipc * 2 * length, 6);
      const a = matchingIteration(real, groups, dm, s, 3, scale, view);
      const b = matchingIteration(real, groups, mdm, s, 3, scale, view);
      const c = matchingIteration(real, groups, { ...mdm, alpha: 1 }, s, 3, scale, view);
      view.dispose();
      expect(b.lossFrequency).toBe(0);
      expect(b.lossTime).toBe(a.lossTime);
      expect(Buffer.from(b.gradient.buffer).equals(Buffer.from(a.gradient.buffer))).toBe(true);
      // and the frequency term does change the update when it has weight
      expect(c.lossFrequency).toBeGreaterThan(0);
      expect(relativeError(c.gradient, a.gradient)).toBeGreaterThan(1e-3);
    });
  }

  it('draws a fresh embedder each iteration and seeds it from (seed, iteration)', () => {
    const config = resolveDistillConfig({ method: 'dm', ...tiny });
    const groups = distillGroups(real, false, config.ipc);
    const s = gaussian(groups.length * config.ipc * 2 * length, 7);
    const first = matchingIteration(real, groups, config, s, 0, scale, null);
    const again = matchingIteration(real, groups, config, s, 0, scale, null);
    const next = matchingIteration(real, groups, config, s, 1, scale, null);
    const reseeded = matchingIteration(real, groups, { ...config, seed: 1 }, s, 0, scale, null);
    expect(again.lossTime).toBe(first.lossTime);
    expect(next.lossTime).not.toBe(first.lossTime);
    expect(reseeded.lossTime).not.toBe(first.lossTime);
  });
});

describe('momentum step on S', () => {
  it('follows PyTorch SGD: v ← μv + g, S ← S − lr·v, the first step plain SGD', () => {
    const s = Float32Array.from([1, 2]);
    const v = new Float32Array(2);
    momentumStep(s, v, Float32Array.from([0.5, -1]), 1, 0.5);
    expect(Array.from(s)).toEqual([0.5, 3]);
    momentumStep(s, v, Float32Array.from([1, 0]), 1, 0.5);
    // v = 0.5·[0.5, −1] + [1, 0] = [1.25, −0.5]
    expect(Array.from(v)).toEqual([1.25, -0.5]);
    expect(Array.from(s)).toEqual([-0.75, 3.5]);
  });
});
