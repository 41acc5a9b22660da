import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FusedBatchNorm } from '../../../../../src/main/engine/ml/models/batch-norm.ts';
import { tf, tfl } from '../../../../../src/main/engine/ml/tfjs.ts';
import { expectClose, tensorOf, useWasm } from '../kernels/compare.ts';

const args = { name: 'bn', momentum: 0.9, epsilon: 1e-5 };
const shape = [6, 10, 4];

/** Output, gradients (x, gamma, beta) and moving statistics after one training step of a layer. */
async function trainStep(backend: 'wasm' | 'cpu', make: () => tfl.layers.Layer): Promise<number[][]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const layer = make();
    layer.build(shape);
    layer.setWeights([tf.tensor([1.2, 0.8, -0.5, 1]), tf.tensor([0.1, 0, -0.2, 0.3]), tf.tensor([0.2, -0.1, 0, 0.4]), tf.tensor([1.5, 0.7, 1, 2])]);
    const x = tf.add(tf.mul(tensorOf(shape, 21), 2), 0.5);
    const w = tensorOf(shape, 22);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, w)) as tf.Scalar, layer.trainableWeights.map((v) => v.read() as tf.Variable));
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, w)))(x);
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    const inference = layer.apply(x, { training: false }) as tf.Tensor;
    return [value, ...Object.values(grads), dx, y, inference, ...layer.getWeights().slice(2)].map((t) => Array.from(t.dataSync()));
  });
}

describe('FusedBatchNorm', () => {
  beforeAll(useWasm);
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('serialises exactly like the stock layer', () => {
    const fused = new FusedBatchNorm(args);
    const stock = tfl.layers.batchNormalization(args);
    expect(fused.getClassName()).toBe('BatchNormalization');
    expect(fused.getConfig()).toEqual(stock.getConfig());
  });

  it('trains on wasm like the stock layer on cpu: loss, gradients, outputs and moving statistics', async () => {
    const fused = await trainStep('wasm', () => new FusedBatchNorm(args));
    const stock = await trainStep('cpu', () => tfl.layers.batchNormalization(args));
    expect(fused.length).toBe(stock.length);
    for (let i = 0; i < stock.length; i++) expectClose(fused[i]!, stock[i]!, 1e-4);
  });

  it('trains through the fused kernels on wasm and leaves no tensors behind', async () => {
    await tf.setBackend('wasm');
    const layer = new FusedBatchNorm(args);
    layer.build(shape);
    const x = tensorOf(shape, 31);
    const before = tf.memory().numTensors;
    const step = () => tf.variableGrads(() => tf.sum(layer.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, layer.trainableWeights.map((v) => v.read() as tf.Variable));
    let outputs: tf.Tensor[] = [];
    const profile = await tf.profile(() => {
      const { value, grads } = step();
      outputs = [value, ...Object.values(grads)];
    });
    expect(profile.kernelNames).toEqual(expect.arrayContaining(['AmrBatchNormTraining', 'AmrBatchNormTrainingGrad']));
    tf.dispose(outputs);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('falls back to the stock computation off wasm', async () => {
    const fused = await trainStep('cpu', () => new FusedBatchNorm(args));
    const stock = await trainStep('cpu', () => tfl.layers.batchNormalization(args));
    expect(fused).toEqual(stock);
  });
});
