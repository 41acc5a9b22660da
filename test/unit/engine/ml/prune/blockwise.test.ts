import { describe, expect, it } from 'vitest';
import { countParams } from '../../../../../src/main/engine/ml/models/complexity.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { allocateRemovals, blockwisePrune, planBlockwise } from '../../../../../src/main/engine/ml/prune/blockwise.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { randomSource } from './helpers.ts';

const spec: ModelSpec = { arch: 'resnet1d', numClasses: 3, length: 16, options: { depth: 20 } };

describe('block-wise pruning', () => {
  it('spreads removals over blocks by size and keeps one unit in each', () => {
    expect(allocateRemovals([3, 3], 2)).toEqual([1, 1]);
    expect(allocateRemovals([4, 1, 1], 2)).toEqual([2, 0, 0]);
    expect(allocateRemovals([2, 2, 2], 3)).toEqual([1, 1, 1]);
    expect(() => allocateRemovals([1, 2], 2)).toThrow(/keeping one in each/);
  });

  it('segments the units into K ordered blocks, removes the least-contributing units and rebuilds', () => {
    const model = buildModel(spec, { seed: 4 });
    const data = randomSource(12, 16, 3, 2);
    const plan = planBlockwise(model, spec, data, { ratio: 0.34, blocks: 2, calibrationSamples: 12 });
    expect(plan.units).toEqual(['stage1_block2', 'stage1_block3', 'stage2_block2', 'stage2_block3', 'stage3_block2', 'stage3_block3']);
    expect(plan.blocks.flat()).toEqual(plan.units);
    expect(plan.blocks).toHaveLength(2);
    expect(plan.similarity).toHaveLength(6);
    expect(plan.remove).toHaveLength(2);
    for (const block of plan.blocks) {
      const removedHere = block.filter((id) => plan.remove.includes(id));
      expect(removedHere.length).toBeLessThan(block.length);
      // inside a block, no kept unit contributes less than a removed one
      const kept = block.filter((id) => !plan.remove.includes(id));
      for (const r of removedHere) for (const k of kept) expect(plan.contribution[r]!).toBeLessThanOrEqual(plan.contribution[k]!);
    }
    const pruned = blockwisePrune(model, spec, data, { ratio: 0.34, blocks: 2, calibrationSamples: 12 });
    expect(pruned.spec.keepUnits).toEqual(plan.units.filter((id) => !plan.remove.includes(id)));
    const out = tf.tidy(() => (pruned.model.predict(tf.ones([2, 2, 16])) as tf.Tensor).shape);
    expect(out).toEqual([2, 3]);
    pruned.model.dispose();
    model.dispose();
  });

  it('can cut to a parameter budget instead of a unit count', () => {
    const model = buildModel(spec, { seed: 4 });
    const budget = countParams(model) - 30_000;
    const r = blockwisePrune(model, spec, randomSource(8, 16, 3, 3), { ratio: 0, maxParams: budget, blocks: 3, calibrationSamples: 8 });
    expect(countParams(r.model)).toBeLessThanOrEqual(budget);
    expect(r.plan.remove.length).toBeGreaterThan(0);
    r.model.dispose();
    model.dispose();
  });
});
