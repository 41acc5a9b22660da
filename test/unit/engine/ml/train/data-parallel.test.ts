import { beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed } from '../../../../../src/main/engine/base/random.ts';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { resolveTrainConfig } from '../../../../../src/main/engine/ml/train/config.ts';
import { shardBounds, startStepRunner } from '../../../../../src/main/engine/ml/train/data-parallel.ts';
import { microBatchSize } from '../../../../../src/main/engine/ml/train/micro-batch.ts';
import { makeTrainingOptimizer } from '../../../../../src/main/engine/ml/train/make-optimizer.ts';
import { readAllWeights, readTrainable, shardGradients, shardLogits, writeTrainable } from '../../../../../src/main/engine/ml/train/shard-gradients.ts';
import { evaluateLoss, trainModel } from '../../../../../src/main/engine/ml/train/trainer.ts';
import { relativeError } from '../kernels/compare.ts';
import { syntheticSource } from './synthetic.ts';

const length = 32;
// No batch norm and no dropout: the gradient of the batch mean is then exactly the size-weighted
// mean of the shard gradients, whatever the shards.
const gru: ModelSpec = { arch: 'gru2', numClasses: 4, length, widths: { gru1: 8, gru2: 8 } };

function batchOf(n: number, seed: number): { x: Float32Array; y: Int32Array; n: number } {
  let s = seed;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  return { x: Float32Array.from({ length: n * 2 * length }, next), y: Int32Array.from({ length: n }, (_, i) => i % 4), n };
}

beforeAll(async () => {
  await initBackend({ force: 'wasm' });
});

describe('data-parallel training steps', () => {
  it('cuts a batch into contiguous shards as even as possible', () => {
    expect(shardBounds(10, 3)).toEqual([0, 3, 6, 10]);
    expect(shardBounds(256, 2)).toEqual([0, 128, 256]);
  });

  it('two threads take the same step as one thread over the whole batch', async () => {
    const run = async (threads: number) => {
      const model = buildModel(gru, { seed: 5 });
      const optimizer = makeTrainingOptimizer(model, { optimizer: 'sgd', learningRate: 0.5 });
      const runner = await startStepRunner({ model, optimizer, length, numClasses: 4, threads, spec: gru, seed: 5 });
      const losses: number[] = [];
      for (let step = 0; step < 3; step++) losses.push((await runner.step(batchOf(70, step + 1))).loss);
      await runner.dispose();
      const weights = readTrainable(model);
      model.dispose();
      return { threads: runner.threads, losses, weights };
    };
    const one = await run(1);
    const two = await run(2);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    for (let i = 0; i < 3; i++) expect(two.losses[i]).toBeCloseTo(one.losses[i]!, 5);
    let worst = 0;
    for (let i = 0; i < one.weights.length; i++) worst = Math.max(worst, Math.abs(one.weights[i]! - two.weights[i]!));
    // the weights moved, and moved the same way
    expect(one.weights.some((w, i) => w !== readTrainable(buildModel(gru, { seed: 5 }))[i])).toBe(true);
    expect(worst).toBeLessThan(1e-5);
  });

  it('on a conv + batch-norm + dropout model, two threads take the step one thread takes over the same shards', async () => {
    // Batch-norm statistics are per shard and each replica draws its own dropout masks, so the
    // reference is this thread doing both shards' passes: the leader's model on the first, a
    // model seeded as replica 1 is (deriveSeed(seed, 'replica', 1)), given the leader's weights,
    // on the second, the gradients weighted by shard size and applied once.
    const spec: ModelSpec = { arch: 'cnn1d', numClasses: 4, length, options: { depth: 2, width: 8, dropout: 0.3 } };
    const seed = 5;
    const steps = 3;
    const optimizerOf = (model: ReturnType<typeof buildModel>) => makeTrainingOptimizer(model, { optimizer: 'sgd', learningRate: 0.5 });

    const model = buildModel(spec, { seed });
    const runner = await startStepRunner({ model, optimizer: optimizerOf(model), length, numClasses: 4, threads: 2, spec, seed });
    expect(runner.threads).toBe(2);
    const losses: number[] = [];
    for (let step = 0; step < steps; step++) losses.push((await runner.step(batchOf(70, step + 1))).loss);
    await runner.dispose();
    const twoThreads = readAllWeights(model);

    const leader = buildModel(spec, { seed });
    const replica = buildModel(spec, { seed: deriveSeed(seed, 'replica', 1) });
    const optimizer = optimizerOf(leader);
    const reference: number[] = [];
    for (let step = 0; step < steps; step++) {
      const b = batchOf(70, step + 1);
      const [cut, per] = [shardBounds(b.n, 2)[1]!, 2 * length];
      writeTrainable(replica, readTrainable(leader));
      const own = shardGradients(leader, { x: b.x.subarray(0, cut * per), y: b.y.subarray(0, cut), n: cut }, length, 4);
      const other = shardGradients(replica, { x: b.x.subarray(cut * per), y: b.y.subarray(cut), n: b.n - cut }, length, 4);
      const w = cut / b.n;
      optimizer.apply(own.gradients.map((g, i) => w * g + (1 - w) * other.gradients[i]!));
      reference.push(w * own.loss + (1 - w) * other.loss);
    }
    const oneThread = readAllWeights(leader);
    const start = readAllWeights(buildModel(spec, { seed }));
    [model, leader, replica].forEach((m) => m.dispose());

    for (let i = 0; i < steps; i++) expect(losses[i]).toBeCloseTo(reference[i]!, 5);
    // the weights and the leader's moving statistics moved, and moved the same way
    expect(oneThread.some((v, i) => v !== start[i])).toBe(true);
    expect(relativeError(twoThreads, oneThread)).toBeLessThan(1e-5);
  });

  it('micro-batches give the gradients of one pass over the whole batch', () => {
    const model = buildModel(gru, { seed: 2 });
    const batch = batchOf(50, 9);
    const whole = shardGradients(model, batch, length, 4);
    const parts = shardGradients(model, batch, length, 4, 8);
    model.dispose();
    expect(parts.loss).toBeCloseTo(whole.loss, 5);
    expect(parts.hits).toBe(whole.hits);
    let worst = 0;
    for (let i = 0; i < whole.gradients.length; i++) worst = Math.max(worst, Math.abs(whole.gradients[i]! - parts.gradients[i]!));
    expect(Math.max(...whole.gradients.map(Math.abs))).toBeGreaterThan(1e-3);
    expect(worst).toBeLessThan(1e-6);
  });

  it('trains full-size VT-CNN2 at the DeepSig batch of 1024 inside the 4 GiB wasm heap', async () => {
    // In one pass this batch needs ~3.9 GiB of wasm heap; malloc failing there corrupted it.
    const spec: ModelSpec = { arch: 'vtcnn2', numClasses: 11, length: 128 };
    const model = buildModel(spec, { seed: 1 });
    expect(microBatchSize(model)).toBeLessThan(1024);
    const optimizer = makeTrainingOptimizer(model, { optimizer: 'adam', learningRate: 1e-3 });
    const runner = await startStepRunner({ model, optimizer, length: 128, numClasses: 11, threads: 1 });
    let s = 3;
    const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
    const step = await runner.step({ x: Float32Array.from({ length: 1024 * 256 }, next), y: Int32Array.from({ length: 1024 }, (_, i) => i % 11), n: 1024 });
    await runner.dispose();
    const heap = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    model.dispose();
    expect(Number.isFinite(step.loss)).toBe(true);
    expect(heap).toBeLessThan(3 * 2 ** 30);
  });

  it('trainModel on two threads learns, is reproducible and records its thread count', async () => {
    const spec: ModelSpec = { arch: 'resnet1d', numClasses: 4, length: 64, options: { depth: 8 } };
    const data = syntheticSource(3, 40, 64);
    const val = syntheticSource(4, 20, 64);
    const train = async () => {
      const model = buildModel(spec, { seed: 9 });
      const result = await trainModel(model, { train: data, val }, resolveTrainConfig({ epochs: 3, batchSize: 64, seed: 9, threads: 2, learningRate: 3e-3 }), { spec });
      // the model now holds the best epoch's weights: validation on two threads scored those
      const here = evaluateLoss(model, val, 64, 4);
      model.dispose();
      return { result, here };
    };
    const before = tf.memory().numTensors;
    const { result: a, here } = await train();
    const { result: b } = await train();
    expect(a.threads).toBe(2);
    expect(b.history.map((h) => h.loss)).toEqual(a.history.map((h) => h.loss));
    expect(b.history.map((h) => h.valLoss)).toEqual(a.history.map((h) => h.valLoss));
    expect(a.history.at(-1)!.loss).toBeLessThan(a.history[0]!.loss);
    expect(a.history[a.bestEpoch]!.valLoss).toBeCloseTo(here.loss, 5);
    expect(a.history[a.bestEpoch]!.valAccuracy).toBe(here.accuracy);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("two threads give one thread's logits, with the leader's batch-norm moving statistics", async () => {
    const spec: ModelSpec = { arch: 'resnet1d', numClasses: 4, length, options: { depth: 8 } };
    const model = buildModel(spec, { seed: 3 });
    const optimizer = makeTrainingOptimizer(model, { optimizer: 'adam', learningRate: 1e-2 });
    const runner = await startStepRunner({ model, optimizer, length, numClasses: 4, threads: 2, spec, seed: 3 });
    for (let step = 0; step < 3; step++) await runner.step(batchOf(64, step + 1));
    const probe = batchOf(70, 11);
    const two = await runner.logits(probe);
    await runner.dispose();
    const one = shardLogits(model, probe, length);
    // The replica's own moving statistics never left their start (mean 0, variance 1): the
    // leader's must have moved for this comparison to show they were sent.
    const moving = model.weights.filter((w) => !w.trainable).map((w) => w.read().dataSync() as Float32Array);
    model.dispose();
    expect(moving.some((m) => m.some((v) => v !== 0 && v !== 1))).toBe(true);
    expect(two.length).toBe(70 * 4);
    let worst = 0;
    for (let i = 0; i < one.length; i++) worst = Math.max(worst, Math.abs(one[i]! - two[i]!));
    expect(worst).toBeLessThan(1e-5 * Math.max(1, ...Array.from(one, Math.abs)));
  });

  it('refuses replicas that do not match the model, naming the thread', async () => {
    const model = buildModel(gru, { seed: 1 });
    const optimizer = makeTrainingOptimizer(model, { optimizer: 'sgd', learningRate: 0.1 });
    const other: ModelSpec = { ...gru, widths: { gru1: 8, gru2: 16 } };
    await expect(startStepRunner({ model, optimizer, length, numClasses: 4, threads: 2, spec: other, seed: 1 })).rejects.toThrow(/training thread 1: replica weights differ from the leader.s at weight \d+: \[\d+, 48\] vs \[\d+, 24\]/);
    model.dispose();
  });
});
