import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { readModelWeights } from '../../../../../src/main/engine/ml/persist/weights.ts';
import { freezeAllBut, partialTrainableLayers } from '../../../../../src/main/engine/ml/prune/freeze.ts';
import { resolveTrainConfig } from '../../../../../src/main/engine/ml/train/config.ts';
import { trainModel } from '../../../../../src/main/engine/ml/train/trainer.ts';
import { toneSource } from './helpers.ts';

describe('partial-k fine-tuning', () => {
  it('changes only the head and the last k units; frozen layers keep every weight', async () => {
    const spec: ModelSpec = { arch: 'resnet1d', numClasses: 3, length: 16, options: { depth: 14 } };
    const model = buildModel(spec, { seed: 5 });
    const keep = partialTrainableLayers(model, spec, 1);
    expect([...keep].sort()).toEqual(['head', 'stage3_block2_bn1', 'stage3_block2_bn2', 'stage3_block2_conv1', 'stage3_block2_conv2']);
    const unfreeze = freezeAllBut(model, keep);
    expect(model.getLayer('stem_conv').trainable).toBe(false);
    expect(model.getLayer('stage3_block2_conv1').trainable).toBe(true);
    const before = readModelWeights(model);
    const config = resolveTrainConfig({ epochs: 1, batchSize: 16, learningRate: 1e-2, earlyStopping: null });
    await trainModel(model, { train: toneSource(32, 16, 3, 2) }, config);
    const after = readModelWeights(model);
    for (const [name, w] of before) {
      const layer = name.slice(0, name.lastIndexOf('/'));
      const same = Array.from(after.get(name)!.values).every((v, i) => v === w.values[i]);
      expect({ name, changed: !same }).toEqual({ name, changed: keep.has(layer) });
    }
    unfreeze();
    expect(model.getLayer('stem_conv').trainable).toBe(true);
    model.dispose();
  });

  it('trains the fixed blocks after the k-th last remaining unit as well', () => {
    const spec: ModelSpec = { arch: 'resnet1d', numClasses: 3, length: 16, options: { depth: 14 }, keepUnits: ['stage1_block2', 'stage2_block2'] };
    const model = buildModel(spec, { seed: 5 });
    const keep = [...partialTrainableLayers(model, spec, 1)];
    expect(keep).toContain('stage2_block2_conv1');
    expect(keep).toContain('stage3_block1_proj_conv');
    expect(keep).toContain('head');
    expect(keep.some((n) => n.startsWith('stage1_') || n.startsWith('stem') || n.startsWith('stage2_block1'))).toBe(false);
    expect([...partialTrainableLayers(model, spec, 0)]).toEqual(['head']);
    model.dispose();
  });
});
