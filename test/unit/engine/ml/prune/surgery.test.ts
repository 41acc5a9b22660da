import { describe, expect, it } from 'vitest';
import { countMacs, countParams } from '../../../../../src/main/engine/ml/models/complexity.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { readModelWeights } from '../../../../../src/main/engine/ml/persist/weights.ts';
import { presentUnits, removeUnits, specWithoutUnits } from '../../../../../src/main/engine/ml/prune/surgery.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';

const spec: ModelSpec = { arch: 'resnet1d', numClasses: 5, length: 128, options: { depth: 26 } };

describe('removing residual blocks', () => {
  it('cuts params and MACs by exactly the removed blocks and the smaller model still runs', () => {
    const parent = buildModel(spec, { seed: 3 });
    // ResNet1D-26 has 12 blocks; 25 % of them is 3 — one per stage
    const remove = ['stage1_block4', 'stage2_block4', 'stage3_block4'];
    const { spec: smaller, model } = removeUnits(parent, spec, remove);
    const stages = [{ c: 16, len: 128 }, { c: 32, len: 64 }, { c: 64, len: 32 }];
    // per block: two k3 convs c→c without bias, two BNs with γ and β
    const params = stages.reduce((s, { c }) => s + 2 * 3 * c * c + 2 * 2 * c, 0);
    const macs = stages.reduce((s, { c, len }) => s + 2 * len * 3 * c * c, 0);
    expect(countParams(parent) - countParams(model)).toBe(params);
    expect(countMacs(parent) - countMacs(model)).toBe(macs);
    expect(model.layers.length).toBeLessThan(parent.layers.length);
    expect(presentUnits(smaller).map((u) => u.id)).not.toContain('stage2_block4');
    const out = tf.tidy(() => (model.predict(tf.randomNormal([4, 2, 128], 0, 1, 'float32', 1)) as tf.Tensor).arraySync() as number[][]);
    expect(out).toHaveLength(4);
    expect(out.flat().every(Number.isFinite)).toBe(true);
    // every surviving weight is the parent's, by name
    const pw = readModelWeights(parent);
    for (const [name, w] of readModelWeights(model)) expect(Array.from(w.values)).toEqual(Array.from(pw.get(name)!.values));
    parent.dispose();
    model.dispose();
  });

  it('refuses to remove a unit the model does not have', () => {
    const once = specWithoutUnits(spec, ['stage1_block2']);
    expect(() => specWithoutUnits(once, ['stage1_block2'])).toThrow(/no such unit/);
    expect(() => specWithoutUnits(spec, ['stage1_block1'])).toThrow(/no such unit/);
  });
});
