import { describe, expect, it } from 'vitest';
import { countParams } from '../../../../../src/main/engine/ml/models/complexity.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { channelPrune, prunableConvs } from '../../../../../src/main/engine/ml/prune/channel-pruning.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';

const predict = (model: ReturnType<typeof buildModel>, x: tf.Tensor): Float32Array =>
  tf.tidy(() => (model.apply(x, { training: false }) as tf.Tensor).dataSync() as Float32Array);

/** Filter f of a conv becomes all (1 + f), or all 0 when listed: L1 norms grow with f. */
function shapeFilters(model: ReturnType<typeof buildModel>, layer: string, zero: number[]): void {
  const l = model.getLayer(layer);
  const [kernel, ...rest] = l.getWeights();
  const filters = kernel!.shape[kernel!.shape.length - 1]!;
  const scale = tf.tensor1d(Array.from({ length: filters }, (_, f) => (zero.includes(f) ? 0 : 1 + f)));
  l.setWeights([tf.mul(tf.onesLike(kernel!), scale), ...rest]);
}

describe('L1 channel pruning', () => {
  it('finds the convs whose filters are free: a ResNet block’s inner conv, never a conv feeding a sum', () => {
    const model = buildModel({ arch: 'resnet1d', numClasses: 3, length: 32, options: { depth: 14 } }, { seed: 1 });
    const names = prunableConvs(model).map((c) => c.layer);
    expect(names).toEqual(['stage1_block1_conv1', 'stage1_block2_conv1', 'stage2_block1_conv1', 'stage2_block2_conv1', 'stage3_block1_conv1', 'stage3_block2_conv1']);
    expect(prunableConvs(model)[0]).toMatchObject({ norms: ['stage1_block1_bn1'], consumers: ['stage1_block1_conv2'] });
    model.dispose();
  });

  it('keeps the largest-L1 filters, and outputs are unchanged when the pruned filters were zero', () => {
    const spec: ModelSpec = { arch: 'cnn1d', numClasses: 4, length: 32, options: { depth: 2, width: 8 } };
    const model = buildModel(spec, { seed: 4 });
    // 2 of 8 filters per conv are zero: a 25 % cut removes exactly those
    const zeroed: Record<string, number[]> = { stem_conv: [0, 5], block1_conv: [3, 7], block2_conv: [1, 6] };
    for (const [layer, zero] of Object.entries(zeroed)) shapeFilters(model, layer, zero);
    const x = tf.randomNormal([6, 2, 32], 0, 1, 'float32', 3);
    const before = predict(model, x);
    const pruned = channelPrune(model, spec, 0.25);
    for (const [layer, zero] of Object.entries(zeroed)) {
      expect(pruned.kept[layer]).toEqual([0, 1, 2, 3, 4, 5, 6, 7].filter((f) => !zero.includes(f)));
      expect(pruned.model.getLayer(layer).getWeights()[0]!.shape.at(-1)).toBe(6);
    }
    expect(pruned.spec.widths).toEqual({ stem_conv: 6, block1_conv: 6, block2_conv: 6 });
    expect(countParams(pruned.model)).toBeLessThan(countParams(model));
    const after = predict(pruned.model, x);
    Array.from(after).forEach((v, i) => expect(Math.abs(v - before[i]!)).toBeLessThan(1e-5));
    // a higher ratio must drop live filters, starting with the weakest (smallest scale)
    const harder = channelPrune(model, spec, 0.5);
    expect(harder.kept['stem_conv']).toEqual([3, 4, 6, 7]);
    x.dispose();
    model.dispose();
    pruned.model.dispose();
    harder.model.dispose();
  });
});
