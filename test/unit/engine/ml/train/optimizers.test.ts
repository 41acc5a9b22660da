import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { decodeWeights, encodeWeights, type NamedWeights } from '../../../../../src/main/engine/ml/persist/weights.ts';
import { tf, type tfl } from '../../../../../src/main/engine/ml/tfjs.ts';
import { DeviceOptimizer } from '../../../../../src/main/engine/ml/train/device-optimizer.ts';
import { makeFlatOptimizer } from '../../../../../src/main/engine/ml/train/flat-optimizer.ts';
import { makeTrainingOptimizer } from '../../../../../src/main/engine/ml/train/make-optimizer.ts';
import type { OptimizerConfig, TrainingOptimizer } from '../../../../../src/main/engine/ml/train/optimizer.ts';
import { readTrainable, trainableSize } from '../../../../../src/main/engine/ml/train/shard-gradients.ts';

// Five classes: the output layer's weights are not whole groups of four, so the SIMD pass leaves tails.
const spec: ModelSpec = { arch: 'cnn1d', numClasses: 5, length: 32 };

/** Gradients of mixed scale and sign, so bias correction, epsilon and the moments all matter. */
function gradientsFor(size: number, step: number): Float32Array {
  let s = 977 * (step + 1);
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  return Float32Array.from({ length: size }, (_, i) => next() * 10 ** ((i % 7) - 5));
}

/** The same flat gradients as TF.js's optimizers take them: one tensor per trainable weight. */
function named(model: tfl.LayersModel, flat: Float32Array): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  let offset = 0;
  for (const w of model.trainableWeights) {
    const v = w.read() as tf.Variable;
    out[v.name] = tf.tensor(flat.subarray(offset, offset + v.size), v.shape);
    offset += v.size;
  }
  return out;
}

function stockOptimizer(c: OptimizerConfig): tf.Optimizer {
  if (c.optimizer === 'adam') return tf.train.adam(c.learningRate, 0.9, 0.999, c.epsilon);
  return c.momentum ? tf.train.momentum(c.learningRate, c.momentum) : tf.train.sgd(c.learningRate);
}

function setStockRate(o: tf.Optimizer, c: OptimizerConfig, lr: number): void {
  if (c.optimizer === 'sgd') (o as tf.SGDOptimizer).setLearningRate(lr);
  else (o as unknown as { learningRate: number }).learningRate = lr;
}

/** Largest difference between two weight vectors, relative to the largest weight. */
function gap(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return worst / scale;
}

function differing(a: Float32Array, b: Float32Array): number {
  return a.filter((v, i) => v !== b[i]).length;
}

/** A checkpoint as the trainer stores it: encoded, then decoded. */
async function checkpoint(o: TrainingOptimizer): Promise<NamedWeights> {
  return decodeWeights(encodeWeights(await o.state()), 'checkpoint');
}

const configs: [string, OptimizerConfig][] = [
  ['Adam', { optimizer: 'adam', learningRate: 0.01 }],
  // the reference recipes' ε (PyTorch's default): gradients of 1e-5 here make ε count
  ['Adam with ε 1e-8', { optimizer: 'adam', learningRate: 0.01, epsilon: 1e-8 }],
  ['SGD with momentum', { optimizer: 'sgd', learningRate: 0.05, momentum: 0.9 }],
  ['plain SGD', { optimizer: 'sgd', learningRate: 0.05 }],
];

afterAll(async () => {
  await initBackend({ force: 'wasm' });
});

describe.each(['wasm', 'cpu'] as const)('optimizers over flat gradients on %s', (backend) => {
  it.each(configs)('%s takes the steps of the TF.js optimizer', async (_, config) => {
    await initBackend({ force: backend });
    const ours = buildModel(spec, { seed: 3 });
    const theirs = buildModel(spec, { seed: 3 });
    const optimizer = makeTrainingOptimizer(ours, config);
    expect(optimizer.applyTensors).toBeUndefined();
    const stock = stockOptimizer(config);
    const start = readTrainable(ours);
    let leaked = 0;
    for (let step = 0; step < 6; step++) {
      // a learning-rate change mid-run, as a schedule makes
      if (step === 4) {
        optimizer.learningRate = config.learningRate / 2;
        setStockRate(stock, config, config.learningRate / 2);
      }
      const g = gradientsFor(start.length, step);
      const before = tf.memory().numTensors;
      optimizer.apply(g);
      leaked += tf.memory().numTensors - before;
      const grads = named(theirs, g);
      stock.applyGradients(grads);
      tf.dispose(Object.values(grads));
    }
    expect(leaked).toBe(0);
    expect(optimizer.iterations).toBe(6);
    const a = readTrainable(ours);
    const b = readTrainable(theirs);
    expect(gap(a, start)).toBeGreaterThan(1e-3);
    expect(gap(a, b)).toBeLessThan(1e-6);
    optimizer.dispose();
    stock.dispose();
    ours.dispose();
    theirs.dispose();
  });

  it.each(configs)('%s resumes from its checkpoint as if never stopped', async (_, config) => {
    await initBackend({ force: backend });
    const straight = buildModel(spec, { seed: 4 });
    const stopped = buildModel(spec, { seed: 4 });
    const start = readTrainable(straight);
    const size = start.length;
    const a = makeFlatOptimizer(straight, config);
    const b = makeFlatOptimizer(stopped, config);
    for (let step = 0; step < 3; step++) {
      a.apply(gradientsFor(size, step));
      b.apply(gradientsFor(size, step));
    }
    const saved = await checkpoint(b);
    b.dispose();
    const resumed = makeFlatOptimizer(stopped, config);
    await resumed.restore(saved, 'checkpoint');
    expect(resumed.iterations).toBe(3);
    for (let step = 3; step < 6; step++) {
      a.apply(gradientsFor(size, step));
      resumed.apply(gradientsFor(size, step));
    }
    expect(differing(readTrainable(stopped), readTrainable(straight))).toBe(0);
    expect(gap(readTrainable(stopped), start)).toBeGreaterThan(1e-3);
    a.dispose();
    resumed.dispose();
    straight.dispose();
    stopped.dispose();
  });
});

describe('flat Adam on the wasm heap', () => {
  it('gives layers the new weights, not packed copies of the old ones that XNNPACK keeps', async () => {
    await initBackend({ force: 'wasm' });
    const vtcnn2: ModelSpec = { arch: 'vtcnn2', numClasses: 4, length: 32, widths: { conv1: 8, conv2: 8, dense1: 16 } };
    const model = buildModel(vtcnn2, { seed: 2 });
    const x = tf.randomNormal([4, 2, 32], 0, 1, 'float32', 5);
    const predict = (m: tfl.LayersModel) => tf.tidy(() => (m.predict(x) as tf.Tensor).dataSync() as Float32Array);
    const before = predict(model);
    const optimizer = makeFlatOptimizer(model, { optimizer: 'adam', learningRate: 0.05 });
    optimizer.apply(gradientsFor(trainableSize(model), 1));
    const after = predict(model);
    // the same weights in a model that never ran
    const fresh = buildModel(vtcnn2, { seed: 9 });
    for (const w of fresh.trainableWeights) w.write(model.trainableWeights.find((t) => t.originalName === w.originalName)!.read());
    const expected = predict(fresh);
    expect(gap(after, before)).toBeGreaterThan(1e-3);
    expect(gap(after, expected)).toBeLessThan(1e-6);
    tf.dispose(x);
    optimizer.dispose();
    model.dispose();
    fresh.dispose();
  });
});

describe('optimizers on a device and checkpoints between kinds', () => {
  it.each(configs)('%s on the device takes the flat optimizer\'s steps and swaps checkpoints with it', async (_, config) => {
    await initBackend({ force: 'cpu' });
    const onDevice = buildModel(spec, { seed: 8 });
    const flat = buildModel(spec, { seed: 8 });
    const size = trainableSize(flat);
    const device = new DeviceOptimizer(onDevice, config);
    let ours = makeFlatOptimizer(flat, config);
    // an empty checkpoint before the first step restores as zeros on either side
    expect([...(await checkpoint(device)).values()].every((w) => w.values.every((x) => x === 0))).toBe(true);
    for (let step = 0; step < 6; step++) {
      if (step === 2) {
        // the flat optimizer continues from the device optimizer's checkpoint
        ours.dispose();
        ours = makeFlatOptimizer(flat, config);
        await ours.restore(await checkpoint(device), 'device checkpoint');
      }
      if (step === 4) {
        // and the device optimizer from the flat one's
        await device.restore(await checkpoint(ours), 'flat checkpoint');
        device.learningRate = ours.learningRate = config.learningRate / 3;
      }
      const g = gradientsFor(size, step);
      if (step % 2 === 0) device.apply(g);
      else {
        const grads = named(onDevice, g);
        device.applyTensors(grads);
        tf.dispose(Object.values(grads));
      }
      ours.apply(g);
    }
    expect(device.iterations).toBe(6);
    expect(gap(readTrainable(onDevice), readTrainable(flat))).toBeLessThan(1e-6);
    device.dispose();
    ours.dispose();
    onDevice.dispose();
    flat.dispose();
  });

  it('resumes from a checkpoint of TF.js\'s own Adam, as earlier versions wrote it', async () => {
    await initBackend({ force: 'wasm' });
    const config: OptimizerConfig = { optimizer: 'adam', learningRate: 0.01 };
    const theirs = buildModel(spec, { seed: 6 });
    const ours = buildModel(spec, { seed: 6 });
    const size = trainableSize(theirs);
    const stock = stockOptimizer(config);
    const step = (s: number) => {
      const grads = named(theirs, gradientsFor(size, s));
      stock.applyGradients(grads);
      tf.dispose(Object.values(grads));
    };
    for (let s = 0; s < 3; s++) step(s);
    const saved: NamedWeights = new Map();
    for (const { name, tensor } of await stock.getWeights()) {
      saved.set(name, { shape: [...tensor.shape], values: Float32Array.from(await tensor.data()) });
      if (name === 'iter') tensor.dispose();
    }
    for (const w of ours.trainableWeights) w.write(theirs.trainableWeights.find((t) => t.originalName === w.originalName)!.read());
    const optimizer = makeFlatOptimizer(ours, config);
    await optimizer.restore(decodeWeights(encodeWeights(saved), 'checkpoint'), 'checkpoint');
    for (let s = 3; s < 6; s++) {
      step(s);
      optimizer.apply(gradientsFor(size, s));
    }
    expect(gap(readTrainable(ours), readTrainable(theirs))).toBeLessThan(1e-6);
    optimizer.dispose();
    stock.dispose();
    theirs.dispose();
    ours.dispose();
  });

  it('refuses a checkpoint or gradients that do not fit the model, naming the checkpoint', async () => {
    await initBackend({ force: 'wasm' });
    const model = buildModel(spec, { seed: 1 });
    const smaller = buildModel({ ...spec, numClasses: 3 }, { seed: 1 });
    const other = makeFlatOptimizer(smaller, { optimizer: 'adam', learningRate: 1e-3 });
    const optimizer = makeFlatOptimizer(model, { optimizer: 'adam', learningRate: 1e-3 });
    await expect(optimizer.restore(await other.state(), 'run 7 checkpoint')).rejects.toThrow(/run 7 checkpoint: state of weight '.+' has \d+ values, the model's \d+/);
    const momentum = makeFlatOptimizer(model, { optimizer: 'sgd', learningRate: 1e-3, momentum: 0.9 });
    await expect(optimizer.restore(await momentum.state(), 'run 7 checkpoint')).rejects.toThrow(/run 7 checkpoint: \d+ state tensors for \d+ weights × 2 slots/);
    expect(() => optimizer.apply(new Float32Array(3))).toThrow(/3 gradients for \d+ trainable values/);
    for (const o of [other, optimizer, momentum]) o.dispose();
    model.dispose();
    smaller.dispose();
  });
});
