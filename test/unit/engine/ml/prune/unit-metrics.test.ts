import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { magnitudeScores, unitScoresFromLayers } from '../../../../../src/main/engine/ml/prune/layer-scores.ts';
import { lossDropScores } from '../../../../../src/main/engine/ml/prune/loss-drop.ts';
import { scoreUnits } from '../../../../../src/main/engine/ml/prune/score-units.ts';
import { selectionMetrics } from '../../../../../src/main/engine/ml/prune/selection.ts';
import { presentUnits } from '../../../../../src/main/engine/ml/prune/surgery.ts';
import { taylorScores } from '../../../../../src/main/engine/ml/prune/taylor.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { randomSource } from './helpers.ts';

const spec: ModelSpec = { arch: 'resnet1d', numClasses: 3, length: 16, options: { depth: 14 } };

function zeroBlock(model: ReturnType<typeof buildModel>, id: string): void {
  for (const name of [`${id}_conv1`, `${id}_conv2`]) {
    const layer = model.getLayer(name);
    layer.setWeights(layer.getWeights().map((w) => tf.zerosLike(w)));
  }
}

describe('unit scores', () => {
  it('magnitude sums |w| or w² over a unit’s kernels', () => {
    const model = buildModel(spec, { seed: 1 });
    const kernels = ['stage2_block2_conv1', 'stage2_block2_conv2'].map((n) => Array.from(model.getLayer(n).getWeights()[0]!.dataSync()));
    const l1 = kernels.reduce((s, k) => s + k.reduce((t, v) => t + Math.abs(v), 0), 0);
    const l2 = kernels.reduce((s, k) => s + k.reduce((t, v) => t + v * v, 0), 0);
    const units = presentUnits(spec);
    expect(unitScoresFromLayers(units, magnitudeScores(model, 1)).get('stage2_block2')).toBeCloseTo(l1, 2);
    expect(unitScoresFromLayers(units, magnitudeScores(model, 2)).get('stage2_block2')).toBeCloseTo(l2, 3);
    model.dispose();
  });

  it('taylor and loss-drop see a dead residual block as unimportant', () => {
    const model = buildModel(spec, { seed: 2 });
    zeroBlock(model, 'stage1_block2');
    const data = randomSource(24, 16, 3, 5);
    const units = presentUnits(spec);
    const taylor = unitScoresFromLayers(units, taylorScores(model, data, { batches: 2, batchSize: 8 }));
    expect(taylor.get('stage1_block2')).toBe(0);
    expect(taylor.get('stage3_block2')).toBeGreaterThan(0);
    const drop = lossDropScores(model, spec, units, data);
    // skipping a block that computes nothing leaves the loss exactly as it was
    expect(Math.abs(drop.get('stage1_block2')!)).toBeLessThan(1e-6);
    expect(Math.abs(drop.get('stage2_block2')!)).toBeGreaterThan(1e-6);
    model.dispose();
  });

  it('every metric scores every unit the model still has, and leaves no tensors behind', () => {
    const model = buildModel({ ...spec, keepUnits: ['stage1_block2', 'stage3_block2'] }, { seed: 3 });
    const data = randomSource(16, 16, 3, 6);
    const before = tf.memory().numTensors;
    for (const metric of selectionMetrics) {
      const scores = scoreUnits(metric, model, { ...spec, keepUnits: ['stage1_block2', 'stage3_block2'] }, { calibration: data, val: data, seed: 1, taylorBatches: 1, batchSize: 8 });
      expect([...scores.keys()]).toEqual(['stage1_block2', 'stage3_block2']);
      expect([...scores.values()].every(Number.isFinite)).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
