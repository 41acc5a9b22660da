// The device step runner's bookkeeping, on the cpu backend (where it runs like on a GPU, only
// slower): steps queued without waiting, their loss and hits read every few steps and summed
// exactly as if each had been read at once, and no tensor left behind.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import type { StepTally } from '../../../../../src/main/engine/ml/train/step-runner.ts';
import { DeviceOptimizer } from '../../../../../src/main/engine/ml/train/device-optimizer.ts';
import { startDeviceStepRunner } from '../../../../../src/main/engine/ml/train/device-steps.ts';
import { readTrainable } from '../../../../../src/main/engine/ml/train/shard-gradients.ts';

const length = 16;
const spec: ModelSpec = { arch: 'cnn1d', numClasses: 3, length, options: { depth: 1, width: 8 } };

function batch(step: number, n: number) {
  let s = 31 * (step + 1);
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  return { x: Float32Array.from({ length: n * 2 * length }, next), y: Int32Array.from({ length: n }, (_, i) => (i + step) % 3), n };
}

function runner(readEvery: number) {
  const model = buildModel(spec, { seed: 4 });
  const optimizer = new DeviceOptimizer(model, { optimizer: 'adam', learningRate: 1e-2 });
  return { model, optimizer, steps: startDeviceStepRunner({ model, optimizer, length, numClasses: 3, threads: 1, readEvery }) };
}

beforeAll(async () => {
  await initBackend({ force: 'cpu' });
});

describe('device step runner', () => {
  it('reads the figures every few steps, summing to what step-by-step reads give, and frees every tensor', async () => {
    const sizes = [5, 6, 7, 5, 6, 7, 4];
    const baseline = tf.memory().numTensors;

    const each = runner(1);
    const oneByOne: { loss: number; hits: number }[] = [];
    for (const [k, n] of sizes.entries()) oneByOne.push(await each.steps.step(batch(k, n)));

    const queued = runner(3);
    const returned: (StepTally | null)[] = [];
    for (const [k, n] of sizes.entries()) returned.push(await queued.steps.queueStep(batch(k, n)));
    // steps 1-3 are read when step 6 completes its interval; 4-6 and 7 come back with the drain
    expect(returned.map((t) => t !== null)).toEqual([false, false, false, false, false, true, false]);
    expect(returned[5]!.samples).toBe(5 + 6 + 7);
    const rest = (await queued.steps.drain())!;
    expect(rest.samples).toBe(5 + 6 + 7 + 4);
    expect(await queued.steps.drain()).toBeNull();

    const lossSum = oneByOne.reduce((s, r, k) => s + r.loss * sizes[k]!, 0);
    const hits = oneByOne.reduce((s, r) => s + r.hits, 0);
    expect(returned[5]!.lossSum + rest.lossSum).toBeCloseTo(lossSum, 4);
    expect(returned[5]!.hits + rest.hits).toBe(hits);
    // the same updates, read or not
    expect(Array.from(readTrainable(queued.model))).toEqual(Array.from(readTrainable(each.model)));

    await expect(queued.steps.queueStep(batch(9, 4))).resolves.toBeNull();
    await expect(queued.steps.step(batch(9, 4))).rejects.toThrow(/drain/);
    for (const r of [each, queued]) {
      await r.steps.dispose();
      r.optimizer.dispose();
      r.model.dispose();
    }
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('gives inference logits without a synchronous read', async () => {
    const r = runner(4);
    const b = batch(1, 6);
    const logits = await r.steps.logits(b);
    const expected = tf.tidy(() => (r.model.apply(tf.tensor3d(b.x, [6, 2, length])) as tf.Tensor).dataSync());
    expect(Array.from(logits)).toEqual(Array.from(expected));
    await r.steps.dispose();
    r.optimizer.dispose();
    r.model.dispose();
  });
});
