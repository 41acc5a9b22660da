import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { presentUnits } from '../../../../../src/main/engine/ml/prune/surgery.ts';
import { blockInfluenceScores } from '../../../../../src/main/engine/ml/prune/unit-influence.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { randomSource } from './helpers.ts';

describe('block influence on a model', () => {
  it('is 0 for a residual block whose convolutions are zero and positive for working blocks', () => {
    const spec: ModelSpec = { arch: 'resnet1d', numClasses: 4, length: 32, options: { depth: 20 } };
    const model = buildModel(spec, { seed: 1 });
    for (const name of ['stage2_block2_conv1', 'stage2_block2_conv2']) {
      const layer = model.getLayer(name);
      layer.setWeights(layer.getWeights().map((w) => tf.zerosLike(w)));
    }
    const scores = blockInfluenceScores(model, presentUnits(spec), randomSource(16, 32, 4, 7));
    expect(scores.get('stage2_block2')).toBeCloseTo(0, 6);
    expect(scores.get('stage1_block2')).toBeGreaterThan(1e-3);
    expect(scores.get('stage3_block2')).toBeGreaterThan(1e-3);
    // stage2_block3 reads exactly what the dead block passed on
    expect(scores.get('stage2_block3')).toBeGreaterThan(1e-3);
    expect(scores.size).toBe(6);
    model.dispose();
  });
});
