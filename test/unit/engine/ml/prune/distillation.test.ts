import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import { readModelWeights } from '../../../../../src/main/engine/ml/persist/weights.ts';
import { distillationLoss, distillModel } from '../../../../../src/main/engine/ml/prune/distillation.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { resolveTrainConfig } from '../../../../../src/main/engine/ml/train/config.ts';
import { toneSource } from './helpers.ts';

const softmax = (z: number[], t: number) => {
  const e = z.map((v) => Math.exp(v / t));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

describe('knowledge distillation', () => {
  it('loss is α·T²·KL(teacher ‖ student) + (1 − α)·CE, computed by hand', () => {
    const student = [[1, 0, -1]];
    const teacher = [[2, 1, 0.5]];
    const labels = [[0, 1, 0]];
    const T = 4;
    const p = softmax(teacher[0]!, T);
    const q = softmax(student[0]!, T);
    const kl = p.reduce((s, pi, i) => s + pi * Math.log(pi / q[i]!), 0);
    const ce = -Math.log(softmax(student[0]!, 1)[1]!);
    const loss = distillationLoss(tf.tensor2d(student), tf.tensor2d(teacher), tf.tensor2d(labels), T, 0.7);
    expect(loss.dataSync()[0]).toBeCloseTo(0.7 * T * T * kl + 0.3 * ce, 5);
  });

  it('fine-tunes a student towards its teacher and keeps the best validation epoch', async () => {
    const spec = { arch: 'cnn1d', numClasses: 3, length: 32, options: { depth: 1, width: 8 } };
    const teacher = buildModel(spec, { seed: 1 });
    const student = buildModel(spec, { seed: 2 });
    const before = readModelWeights(student);
    const data = toneSource(32, 32, 3, 4);
    const r = await distillModel(student, { train: data, val: data }, resolveTrainConfig({ epochs: 2, batchSize: 16, learningRate: 1e-2, earlyStopping: null }), { teacher });
    expect(r.history).toHaveLength(2);
    expect(r.bestValLoss).toBe(Math.min(...r.history.map((h) => h.valLoss!)));
    expect(Array.from(readModelWeights(student).get('head/kernel')!.values)).not.toEqual(Array.from(before.get('head/kernel')!.values));
    teacher.dispose();
    student.dispose();
  });
});
