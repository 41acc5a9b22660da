import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { evaluateModel } from '../../../../../src/main/engine/ml/eval/evaluate.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { decodeWeights, readModelWeights } from '../../../../../src/main/engine/ml/persist/weights.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { resolveTrainConfig } from '../../../../../src/main/engine/ml/train/config.ts';
import { arraySource } from '../../../../../src/main/engine/ml/train/data.ts';
import { trainModel, type TrainState } from '../../../../../src/main/engine/ml/train/trainer.ts';
import { syntheticSource, testClasses } from './synthetic.ts';

const length = 64;
// VT-CNN2's layout with fewer filters, so a test trains in seconds.
const smallVtcnn2: ModelSpec = { arch: 'vtcnn2', numClasses: 4, length, widths: { conv1: 32, conv2: 16, dense1: 64 }, options: { dropout: 0.2 } };

beforeAll(async () => {
  await initBackend();
});

describe('trainModel', () => {
  it('VT-CNN2 learns generated BPSK/QPSK/AM-DSB/GFSK well above chance at 18 dB', async () => {
    const train = syntheticSource(1, 48, length);
    const test = syntheticSource(2, 32, length);
    const model = buildModel(smallVtcnn2, { seed: 3 });
    const result = await trainModel(model, { train, val: syntheticSource(4, 16, length) }, resolveTrainConfig({ epochs: 6, batchSize: 32, seed: 3, learningRate: 3e-3 }));
    const report = evaluateModel(model, test, testClasses);
    model.dispose();
    expect(result.seed).toBe(3);
    expect(result.history).toHaveLength(6);
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0]!.loss);
    // chance is 0.25
    expect(report.perSnr.find((s) => s.snr === 18)!.accuracy).toBeGreaterThan(0.6);
  });

  it('is reproducible from its seed and returns the tensor count to its baseline', async () => {
    const data = syntheticSource(5, 8, 32);
    const spec: ModelSpec = { ...smallVtcnn2, length: 32 };
    const before = tf.memory().numTensors;
    const run = async (): Promise<number[]> => {
      const model = buildModel(spec, { seed: 11 });
      const r = await trainModel(model, { train: data, val: data }, resolveTrainConfig({ epochs: 2, batchSize: 8, seed: 11 }), { onEpochEnd: () => undefined });
      model.dispose();
      return r.history.map((h) => h.loss);
    };
    const a = await run();
    const b = await run();
    expect(b).toEqual(a);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops early on validation loss and keeps the best epoch weights', async () => {
    const train = syntheticSource(6, 8, 32);
    // validation labels that contradict training: val loss rises as training fits
    const shuffledLabels = syntheticSource(7, 8, 32);
    const xs: Float32Array[] = [];
    const ys: number[] = [];
    for (const b of shuffledLabels.batches(1000, null)) {
      xs.push(b.x);
      for (const y of b.y) ys.push((y + 1) % 4);
    }
    const val = arraySource(xs[0]!, Int32Array.from(ys), 32);
    const model = buildModel({ ...smallVtcnn2, length: 32 }, { seed: 2 });
    const states: TrainState[] = [];
    const r = await trainModel(model, { train, val }, resolveTrainConfig({ epochs: 30, batchSize: 8, seed: 2, learningRate: 3e-3, earlyStopping: { patience: 2, minDelta: 0 } }), {
      onEpochEnd: (s) => void states.push(s),
    });
    expect(r.stoppedEarly).toBe(true);
    expect(r.history.length).toBeLessThan(30);
    expect(r.history.length).toBe(r.bestEpoch + 3);
    expect(r.bestValLoss).toBe(Math.min(...r.history.map((h) => h.valLoss!)));
    const best = decodeWeights(states.at(-1)!.bestWeights!, 'test');
    const now = readModelWeights(model);
    expect(Array.from(now.get('head/kernel')!.values)).toEqual(Array.from(best.get('head/kernel')!.values));
    model.dispose();
  });

  it('cancels through its AbortSignal without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const model = buildModel({ ...smallVtcnn2, length: 32 }, { seed: 1 });
    const abort = new AbortController();
    let batches = 0;
    const run = trainModel(model, { train: syntheticSource(8, 16, 32) }, resolveTrainConfig({ epochs: 20, batchSize: 8, seed: 1 }), {
      signal: abort.signal,
      onProgress: (p) => {
        batches++;
        expect(p.etaSeconds).toBeGreaterThanOrEqual(0);
        if (p.batch === 3) abort.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(batches).toBe(3);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('passes every training batch through the augmentation hook with a seeded generator', async () => {
    const model = buildModel({ ...smallVtcnn2, length: 32 }, { seed: 1 });
    const draws: number[] = [];
    let zeroed = 0;
    await trainModel(model, { train: syntheticSource(9, 4, 32) }, resolveTrainConfig({ epochs: 2, batchSize: 8, seed: 4 }), {
      augment: (x, y, rng) => {
        draws.push(rng.next());
        zeroed += y.length;
        return { x: new Float32Array(x.length), y };
      },
    });
    model.dispose();
    // 16 samples in batches of 8, for 2 epochs
    expect(draws).toHaveLength(4);
    expect(zeroed).toBe(32);
    expect(new Set(draws).size).toBe(4);
  });
});
