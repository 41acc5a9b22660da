import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { evaluateOnArchitectures, meanStd, recipeTrainConfig, resolveEvaluationRecipe } from '../../../../../src/main/engine/ml/distill/evaluate-distilled.ts';
import { signalScale } from '../../../../../src/main/engine/ml/distill/signal-scale.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { arraySource } from '../../../../../src/main/engine/ml/train/data.ts';
import { syntheticSource, testClasses } from '../train/synthetic.ts';

beforeAll(async () => {
  await initBackend();
});

describe('evaluation protocol', () => {
  it('trains N fresh networks per architecture and reports mean ± std overall and per SNR', async () => {
    const length = 32;
    const train = syntheticSource(1, 6, length, [18]);
    const test = syntheticSource(2, 10, length, [0, 18]);
    let all: Float32Array = new Float32Array(0);
    for (const b of train.batches(1000, null)) all = b.x;
    const recipe = resolveEvaluationRecipe({ runs: 2, epochs: 60, seed: 3 });
    const before = tf.memory().numTensors;
    const runs: string[] = [];
    const [score] = await evaluateOnArchitectures(train, test, testClasses, [{ arch: 'convnet', options: { width: 16, depth: 2 } }], recipe, signalScale(all), {
      onRun: (arch, run) => runs.push(`${arch}#${run}`),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(runs).toEqual(['convnet#0', 'convnet#1']);
    expect(score!.runs).toHaveLength(2);
    expect(score!.runs[0]!.seed).not.toBe(score!.runs[1]!.seed);
    expect(score!.mean).toBeCloseTo(meanStd(score!.runs.map((r) => r.accuracy)).mean, 12);
    expect(score!.perSnr.map((s) => s.snr)).toEqual([0, 18]);
    // chance is 0.25; six signals per class take a small ConvNet well above it at 18 dB
    expect(score!.perSnr[1]!.mean).toBeGreaterThan(0.4);
  });

  it('population std, as numpy reports it', () => {
    expect(meanStd([1, 3])).toEqual({ mean: 2, std: 1 });
  });

  it('the reference recipe: SGD with momentum, lr ÷ 10 halfway, no early stopping, augmented unless asked not to', () => {
    expect(resolveEvaluationRecipe({}).augment).toBe('iq');
    expect(resolveEvaluationRecipe({ augment: 'none' }).augment).toBe('none');
    const c = recipeTrainConfig(resolveEvaluationRecipe({ epochs: 300 }), 5, 'resnet1d20');
    expect(c).toMatchObject({ optimizer: 'sgd', learningRate: 0.01, momentum: 0.9, earlyStopping: null, schedule: { kind: 'step', everyEpochs: 150, gamma: 0.1 }, seed: 5 });
    // the recurrent evaluators: Adam at their own rate, the same schedule
    const r = recipeTrainConfig(resolveEvaluationRecipe({ epochs: 300, learningRate: 0.05, recurrentLearningRate: 0.002 }), 5, 'gru2');
    expect(r).toMatchObject({ optimizer: 'adam', learningRate: 0.002, schedule: { kind: 'step', everyEpochs: 150, gamma: 0.1 } });
    expect(recipeTrainConfig(resolveEvaluationRecipe({ learningRate: 0.05 }), 5, 'lstm2').optimizer).toBe('adam');
    expect(recipeTrainConfig(resolveEvaluationRecipe({ learningRate: 0.05 }), 5, 'cnn1d').learningRate).toBe(0.05);
    expect(() => resolveEvaluationRecipe({ recurrentLearningRate: 0 })).toThrow(/recurrent learning rate/);
    expect(() => resolveEvaluationRecipe({ runs: 0 })).toThrow(/runs must be a positive integer/);
    expect(() => resolveEvaluationRecipe({ augment: 'flip' as 'iq' })).toThrow(/augment must be 'none' or 'iq'/);
  });

  it('refuses an empty set to train on', async () => {
    const empty = arraySource(new Float32Array(0), new Int32Array(0), 32);
    await expect(evaluateOnArchitectures(empty, empty, testClasses, [{ arch: 'convnet' }], resolveEvaluationRecipe({}), 1)).rejects.toThrow(/empty/);
  });
});
