import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/errors.ts';
import { countMacs, countParams } from '../../../../../src/main/engine/ml/models/complexity.ts';
import { buildModel, listArchitectures, removableUnits } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function outputShape(spec: ModelSpec, n: number): number[] {
  const model = buildModel(spec, { seed: 1 });
  try {
    const y = tf.tidy(() => model.predict(tf.randomNormal([n, 2, spec.length], 0, 1, 'float32', 3)) as tf.Tensor);
    const shape = y.shape;
    expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
    y.dispose();
    return shape;
  } finally {
    model.dispose();
  }
}

describe('model zoo', () => {
  it('lists every reference architecture', () => {
    expect(listArchitectures().map((a) => a.arch).sort()).toEqual(['avgnet', 'cldnn', 'cnn1d', 'convnet', 'gru2', 'lstm2', 'mcldnn', 'resnet1d', 'vtcnn2']);
  });

  // Short inputs keep the recurrent models quick; the conv models run at RML lengths.
  it.each([
    ['vtcnn2', 128],
    ['resnet1d', 128],
    ['cnn1d', 128],
    ['cldnn', 32],
    ['mcldnn', 32],
    ['lstm2', 16],
    ['gru2', 16],
  ])('%s maps [n, 2, %i] to logits [n, C]', (arch, length) => {
    expect(outputShape({ arch, numClasses: 11, length }, 3)).toEqual([3, 11]);
  });

  it('builds ResNet1D at other depths and lengths (RML2018: 1024)', () => {
    expect(outputShape({ arch: 'resnet1d8', numClasses: 24, length: 1024 }, 2)).toEqual([2, 24]);
  });

  it('throws AppError on unknown architectures and bad specs', () => {
    expect(() => buildModel({ arch: 'alexnet', numClasses: 11, length: 128 })).toThrow(/unknown model architecture 'alexnet'/);
    expect(() => buildModel({ arch: 'resnet1d', numClasses: 11, length: 128, options: { depth: 21 } })).toThrow(AppError);
    expect(() => buildModel({ arch: 'vtcnn2', numClasses: 1, length: 128 })).toThrow(/numClasses/);
    expect(() => buildModel({ arch: 'cnn1d', numClasses: 4, length: 64, keepUnits: ['block99'] })).toThrow(/block99/);
    expect(() => buildModel({ arch: 'vtcnn2', numClasses: 4, length: 64, widths: { conv1: 0 } })).toThrow(/width of 'conv1'/);
  });
});

describe('parameter and MAC counts', () => {
  it('VT-CNN2 (11 classes, L = 128) matches the PyTorch reference count', () => {
    const model = buildModel({ arch: 'vtcnn2', numClasses: 11, length: 128 });
    // conv1 1·3·256+256, conv2 256·2·3·80+80, dense1 (80·132)·256+256, head 256·11+11
    const expected = (3 * 256 + 256) + (256 * 6 * 80 + 80) + (80 * 132 * 256 + 256) + (256 * 11 + 11);
    expect(countParams(model)).toBe(expected);
    expect(expected).toBe(2_830_427);
    // MACs: conv1 out 2×130×256 · 3 taps; conv2 out 1×132×80 · (2·3·256); dense1; head
    const macs = 2 * 130 * 256 * 3 + 132 * 80 * (6 * 256) + 10560 * 256 + 256 * 11;
    expect(countMacs(model)).toBe(macs);
    model.dispose();
  });

  it('ResNet1D-20 matches the PyTorch reference count (BN running stats are buffers)', () => {
    const model = buildModel({ arch: 'resnet1d', numClasses: 11, length: 128, options: { depth: 20 } });
    const conv = (cin: number, cout: number, k: number): number => cin * cout * k;
    const bn = (c: number): number => 2 * c;
    const plain = (c: number): number => 2 * conv(c, c, 3) + 2 * bn(c);
    const down = (cin: number, c: number): number => conv(cin, c, 3) + conv(c, c, 3) + 2 * bn(c) + conv(cin, c, 1) + bn(c);
    const expected = conv(2, 16, 3) + bn(16) + 3 * plain(16) + down(16, 32) + 2 * plain(32) + down(32, 64) + 2 * plain(64) + 64 * 11 + 11;
    expect(countParams(model)).toBe(expected);
    expect(expected).toBe(94_027);
    // running mean and variance: two more per BN channel
    const bnChannels = 16 + 3 * 2 * 16 + (3 * 2 * 32 + 32) + (3 * 2 * 64 + 64);
    expect(countParams(model, { includeBuffers: true })).toBe(expected + 2 * bnChannels);
    model.dispose();
  });

  it('counts recurrent MACs per time step', () => {
    const spec: ModelSpec = { arch: 'lstm2', numClasses: 4, length: 16 };
    // LSTM: 4 gates × (input + recurrent) per step
    const expected = 16 * 4 * (2 * 128 + 128 * 128) + 16 * 4 * (128 * 64 + 64 * 64) + 64 * 4;
    expect(countMacs(spec)).toBe(expected);
  });
});

describe('removable units', () => {
  it('ResNet1D-20 declares the non-first blocks of each stage', () => {
    const units = removableUnits({ arch: 'resnet1d20', numClasses: 11, length: 128 });
    expect(units.map((u) => u.id)).toEqual(['stage1_block2', 'stage1_block3', 'stage2_block2', 'stage2_block3', 'stage3_block2', 'stage3_block3']);
    expect(units[0]!.layers).toEqual(['stage1_block2_conv1', 'stage1_block2_bn1', 'stage1_block2_conv2', 'stage1_block2_bn2']);
  });

  it.each([
    ['resnet1d', 128],
    ['cnn1d', 64],
    ['cldnn', 32],
    ['mcldnn', 32],
  ])('%s builds with units dropped, fewer params, and the surviving layers keep their shapes', (arch, length) => {
    const spec: ModelSpec = { arch, numClasses: 5, length };
    const units = removableUnits(spec);
    expect(units.length).toBeGreaterThan(0);
    const full = buildModel(spec);
    const dropped = units.filter((_, i) => i % 2 === 0).map((u) => u.id);
    const pruned = buildModel({ ...spec, keepUnits: units.map((u) => u.id).filter((id) => !dropped.includes(id)) });
    const names = new Set(pruned.layers.map((l) => l.name));
    for (const u of units) for (const layer of u.layers) expect(names.has(layer)).toBe(!dropped.includes(u.id));
    expect(countParams(pruned)).toBeLessThan(countParams(full));
    const fullShapes = new Map(full.weights.map((w) => [w.originalName, w.shape.join('x')]));
    for (const w of pruned.weights) expect(fullShapes.get(w.originalName)).toBe(w.shape.join('x'));
    const y = tf.tidy(() => pruned.predict(tf.zeros([2, 2, length])) as tf.Tensor);
    expect(y.shape).toEqual([2, 5]);
    y.dispose();
    full.dispose();
    pruned.dispose();
  });

  it('builds with every removable block gone and with channel widths reduced', () => {
    const none = buildModel({ arch: 'cnn1d', numClasses: 3, length: 32, keepUnits: [] });
    expect(none.layers.some((l) => l.name.startsWith('block'))).toBe(false);
    none.dispose();
    const narrow = buildModel({ arch: 'vtcnn2', numClasses: 3, length: 32, widths: { conv1: 8, conv2: 4, dense1: 16 } });
    expect(narrow.getLayer('conv1').getWeights()[0]!.shape).toEqual([1, 3, 1, 8]);
    // two 'pad 2 / valid conv 3' stages leave L + 4 time steps
    expect(narrow.getLayer('dense1').getWeights()[0]!.shape).toEqual([4 * (32 + 4), 16]);
    narrow.dispose();
  });
});

describe('seeding and memory', () => {
  it('the same seed builds the same weights; another seed does not', () => {
    const spec: ModelSpec = { arch: 'resnet1d8', numClasses: 3, length: 32 };
    const a = buildModel(spec, { seed: 7 });
    const b = buildModel(spec, { seed: 7 });
    const c = buildModel(spec, { seed: 8 });
    const first = (m: typeof a): Float32Array => m.getLayer('stem_conv').getWeights()[0]!.dataSync() as Float32Array;
    expect(Array.from(first(b))).toEqual(Array.from(first(a)));
    expect(Array.from(first(c))).not.toEqual(Array.from(first(a)));
    for (const m of [a, b, c]) m.dispose();
  });

  it('building, running and disposing a model leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    for (const { arch } of listArchitectures()) {
      const spec: ModelSpec = { arch, numClasses: 4, length: 16 };
      const m = buildModel(spec);
      tf.tidy(() => {
        m.predict(tf.zeros([1, 2, 16]));
      });
      countMacs(spec);
      m.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
