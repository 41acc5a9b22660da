import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/errors.ts';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { resolveDistillConfig, type DistillConfig } from '../../../../../src/main/engine/ml/distill/config.ts';
import { distillDataset } from '../../../../../src/main/engine/ml/distill/distill.ts';
import { createFrequencyView } from '../../../../../src/main/engine/ml/distill/frequency-view.ts';
import { distillGroups, gatherSignals } from '../../../../../src/main/engine/ml/distill/groups.ts';
import { matchingIteration, type MatchingState } from '../../../../../src/main/engine/ml/distill/matching-run.ts';
import { scaled } from '../../../../../src/main/engine/ml/distill/signal-scale.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { generatedRealSet } from './real-set.ts';

beforeAll(async () => {
  await initBackend();
});

const length = 32;
const classes = ['BPSK', 'QPSK', 'AM-DSB'];
const real = generatedRealSet(classes, [0, 10], 8, length);
const small = (method: DistillConfig['method'], extra: Partial<DistillConfig> = {}): DistillConfig =>
  resolveDistillConfig({ method, ipc: 2, iterations: 6, batchReal: 6, embedder: { arch: 'convnet', width: 8, depth: 2 }, checkpointEvery: 2, ...extra });
const bytes = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

/** Share of the energy of x = I + jQ in the outer half of the band (|f| ≥ fs/4), over all signals. */
function outerBandShare(x: Float32Array, n: number): number {
  let outer = 0;
  let all = 0;
  for (let at = 0; at < x.length; at += 2 * n) {
    for (let k = 0; k < n; k++) {
      let re = 0;
      let im = 0;
      for (let t = 0; t < n; t++) {
        const angle = (-2 * Math.PI * ((k * t) % n)) / n;
        const i = x[at + t]!;
        const q = x[at + n + t]!;
        re += i * Math.cos(angle) - q * Math.sin(angle);
        im += i * Math.sin(angle) + q * Math.cos(angle);
      }
      const power = re * re + im * im;
      all += power;
      if (k >= n / 4 && k < (3 * n) / 4) outer += power;
    }
  }
  return outer / all;
}

describe('distillDataset', () => {
  it('gives the same bytes for the same seed, other bytes for another, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const a = await distillDataset(real, small('mdm'));
    const b = await distillDataset(real, small('mdm'));
    const c = await distillDataset(real, small('mdm', { seed: 1 }));
    expect(tf.memory().numTensors).toBe(before);
    expect(bytes(b.x).equals(bytes(a.x))).toBe(true);
    expect(bytes(c.x).equals(bytes(a.x))).toBe(false);
    expect(a.x.length).toBe(classes.length * 2 * 2 * length);
    expect(Array.from(a.labels)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(a.history.map((h) => h.iteration)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(a.history.every((h) => h.lossTime > 0 && h.lossFrequency > 0)).toBe(true);
  });

  it('MDM at α = 0 writes exactly the bytes DM writes under the same augmentation', async () => {
    // MDM's default augmentation is the orbit; DM's is none, so DM is given the orbit here
    const dm = await distillDataset(real, small('dm', { augment: 'orbit' }));
    const mdm0 = await distillDataset(real, small('mdm', { alpha: 0 }));
    const mdm1 = await distillDataset(real, small('mdm', { alpha: 1 }));
    expect(bytes(mdm0.x).equals(bytes(dm.x))).toBe(true);
    expect(bytes(mdm1.x).equals(bytes(dm.x))).toBe(false);
  });

  it('starts DM from the random baseline\'s choice, and moves away from it', async () => {
    const random = await distillDataset(real, small('random'));
    const dm = await distillDataset(real, small('dm'));
    expect(Array.from(dm.sourceIndices!)).toEqual(Array.from(random.sourceIndices!));
    expect(bytes(random.x).equals(bytes(gatherSignals(real, random.sourceIndices!)))).toBe(true);
    expect(bytes(dm.x).equals(bytes(random.x))).toBe(false);
  });

  it('a run cancelled after a checkpoint and resumed from it writes the uninterrupted bytes', async () => {
    const config = small('mdm');
    const whole = await distillDataset(real, config);
    const checkpoints: MatchingState[] = [];
    const controller = new AbortController();
    const stopped = distillDataset(real, config, {
      signal: controller.signal,
      onCheckpoint: (state) => {
        checkpoints.push(state);
        if (state.iterationsDone === 4) controller.abort();
      },
    });
    await expect(stopped).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(checkpoints.map((c) => c.iterationsDone)).toEqual([2, 4]);
    const kept = Float32Array.from(checkpoints[1]!.synthetic);
    const resumed = await distillDataset(real, config, { resume: checkpoints[1] });
    // the checkpoint handed over is not written to by the resumed run
    expect(bytes(checkpoints[1]!.synthetic).equals(bytes(kept))).toBe(true);
    expect(bytes(resumed.x).equals(bytes(whole.x))).toBe(true);
    expect(resumed.history).toEqual(whole.history);
  });

  it('lowers the matching loss under embedders it never saw', async () => {
    // the whole class in every real batch, so the loss has no floor from sampling the real mean
    // a step far above the CPU preset's, so that 40 iterations show the descent
    const config = small('dm', { iterations: 40, ipc: 1, batchReal: 16, learningRate: 1 });
    const groups = distillGroups(real, false, 1);
    const out = await distillDataset(real, config);
    const start = await distillDataset(real, { ...config, iterations: 1, method: 'random' });
    const view = createFrequencyView(length, 'complex');
    const unseen = (x: Float32Array) => {
      let sum = 0;
      for (let t = 1000; t < 1010; t++) sum += matchingIteration(real, groups, config, scaled(x, 1 / out.scale), t, out.scale, view).lossTime;
      return sum / 10;
    };
    const before = unseen(start.x);
    const after = unseen(out.x);
    view.dispose();
    expect(after).toBeLessThan(0.75 * before);
  });

  it('at the CPU preset\'s learning rate keeps each synthetic signal in its band; the image reference\'s lr 1 turns it to wideband noise', async () => {
    // one signal per class, as at ipc 1 in the bench, where lr 1 took DM below random selection
    const n = 64;
    const narrow = generatedRealSet(['BPSK', 'QPSK', 'AM-DSB', 'GFSK'], [10, 18], 8, n);
    const run = (learningRate?: number) =>
      distillDataset(narrow, resolveDistillConfig({ method: 'dm', ipc: 1, iterations: 15, batchReal: 16, embedder: { arch: 'convnet', width: 16, depth: 3 }, checkpointEvery: 0, ...(learningRate ? { learningRate } : {}) }));
    const start = await distillDataset(narrow, resolveDistillConfig({ method: 'random', ipc: 1 }));
    const preset = await run();
    const reference = await run(1);
    expect(preset.history.at(-1)!.lossTime).toBeLessThan(preset.history[0]!.lossTime);
    const before = outerBandShare(start.x, n);
    // the real signals keep 3–5 % of their energy in the outer half of the band
    expect(before).toBeLessThan(0.08);
    expect(outerBandShare(preset.x, n)).toBeLessThan(1.5 * before);
    expect(outerBandShare(reference.x, n)).toBeGreaterThan(3 * before);
  });

  it('per class × SNR: ipc signals in every cell, labelled with the cell', async () => {
    const out = await distillDataset(real, small('herding', { perSnr: true }));
    expect(out.labels.length).toBe(classes.length * 2 * 2);
    expect(Array.from(out.snr.subarray(0, 4))).toEqual([0, 0, 10, 10]);
    for (let k = 0; k < out.sourceIndices!.length; k++) {
      const i = out.sourceIndices![k]!;
      expect(real.labels[i]).toBe(out.labels[k]);
      expect(real.snr[i]).toBe(out.snr[k]);
    }
    expect(new Set(out.sourceIndices).size).toBe(out.sourceIndices!.length);
  });

  it('herding and k-center choose distinct real signals of the right class, reproducibly', async () => {
    for (const method of ['herding', 'kcenter'] as const) {
      const a = await distillDataset(real, small(method, { ipc: 3 }));
      const b = await distillDataset(real, small(method, { ipc: 3 }));
      expect(Array.from(a.sourceIndices!)).toEqual(Array.from(b.sourceIndices!));
      expect(Array.from(a.sourceIndices!, (i) => real.labels[i])).toEqual(Array.from(a.labels));
      expect(new Set(a.sourceIndices).size).toBe(9);
    }
  });

  it('names the class when it has fewer training signals than ipc', async () => {
    const err = await distillDataset(real, small('dm', { ipc: 17 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/BPSK has 16 training signals, fewer than ipc = 17/);
  });
});
