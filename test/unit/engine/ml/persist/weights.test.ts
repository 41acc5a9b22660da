import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import { assignModelWeights, decodeWeights, encodeWeights, readModelWeights, serializeModelWeights } from '../../../../../src/main/engine/ml/persist/weights.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('weights blob', () => {
  it('round-trips names, shapes and values; a rebuilt model predicts the same', () => {
    const spec = { arch: 'resnet1d8', numClasses: 3, length: 32 };
    const a = buildModel(spec, { seed: 1 });
    const b = buildModel(spec, { seed: 2 });
    const blob = serializeModelWeights(a);
    const decoded = decodeWeights(blob, 'test');
    expect([...decoded.keys()]).toEqual(a.weights.map((w) => w.originalName));
    expect(decoded.get('stem_conv/kernel')!.shape).toEqual([3, 2, 16]);
    expect(assignModelWeights(b, decoded)).toHaveLength(a.weights.length);
    const x = tf.randomNormal([2, 2, 32], 0, 1, 'float32', 5);
    const ya = a.predict(x) as tf.Tensor;
    const yb = b.predict(x) as tf.Tensor;
    expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()));
    tf.dispose([x, ya, yb]);
    a.dispose();
    b.dispose();
  });

  it('copies by name into a pruned model, and strict loading names the mismatch', () => {
    const spec = { arch: 'cnn1d', numClasses: 3, length: 32, options: { depth: 4 } };
    const full = buildModel(spec, { seed: 1 });
    const pruned = buildModel({ ...spec, keepUnits: ['block1', 'block4'] }, { seed: 2 });
    const weights = readModelWeights(full);
    const copied = assignModelWeights(pruned, weights, { strict: false });
    expect(copied).toContain('block4_conv/kernel');
    expect(copied.some((n) => n.startsWith('block2'))).toBe(false);
    expect(Array.from(pruned.getLayer('block4_conv').getWeights()[0]!.dataSync())).toEqual(Array.from(weights.get('block4_conv/kernel')!.values));
    const narrow = buildModel({ ...spec, widths: { block1_conv: 8 } });
    expect(() => assignModelWeights(narrow, weights, { where: 'model 7' })).toThrow(/model 7: weight 'block1_conv\/kernel' expected shape \[3, 64, 8\], found shape \[3, 64, 64\]/);
    for (const m of [full, pruned, narrow]) m.dispose();
  });

  it('rejects blobs that are not AMRW or are truncated', () => {
    const blob = encodeWeights(new Map([['w', { shape: [2, 3], values: new Float32Array(6).fill(1) }]]));
    expect(decodeWeights(blob, 'x').get('w')!.values).toEqual(new Float32Array(6).fill(1));
    expect(() => decodeWeights(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), 'model 3')).toThrow(/model 3: expected an AMRW weights blob/);
    expect(() => decodeWeights(blob.subarray(0, blob.length - 4), 'model 4')).toThrow(/model 4: weight 'w' runs past the end/);
  });
});
