import { describe, expect, it } from 'vitest';
import { learningRateAt, resolveTrainConfig } from '../../../../../src/main/engine/ml/train/config.ts';

describe('training config', () => {
  it('step decay multiplies by gamma every N epochs', () => {
    const c = resolveTrainConfig({ epochs: 10, learningRate: 0.1, schedule: { kind: 'step', everyEpochs: 3, gamma: 0.5 } });
    expect([0, 2, 3, 5, 6, 9].map((e) => learningRateAt(c, e))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.0125]);
  });

  it('cosine goes from the base rate to minLr through the midpoint', () => {
    const c = resolveTrainConfig({ epochs: 5, learningRate: 1, schedule: { kind: 'cosine', minLr: 0.2 } });
    expect(learningRateAt(c, 0)).toBeCloseTo(1, 12);
    expect(learningRateAt(c, 2)).toBeCloseTo(0.6, 12);
    expect(learningRateAt(c, 4)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(c, 1)).toBeGreaterThan(learningRateAt(c, 2));
  });

  it('rejects impossible values with a message naming them', () => {
    expect(() => resolveTrainConfig({ epochs: 0 })).toThrow(/epochs must be a positive integer, got 0/);
    expect(() => resolveTrainConfig({ learningRate: -1 })).toThrow(/learning rate/);
    expect(() => resolveTrainConfig({ seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => resolveTrainConfig({ epsilon: 0 })).toThrow(/Adam epsilon must be a positive number, got 0/);
  });
});
