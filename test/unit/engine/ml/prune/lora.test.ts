import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { readModelWeights } from '../../../../../src/main/engine/ml/persist/weights.ts';
import { LoraAdapters } from '../../../../../src/main/engine/ml/prune/lora.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { resolveTrainConfig } from '../../../../../src/main/engine/ml/train/config.ts';
import { trainModel } from '../../../../../src/main/engine/ml/train/trainer.ts';
import { toneSource } from './helpers.ts';

const spec: ModelSpec = { arch: 'cnn1d', numClasses: 3, length: 32, options: { depth: 2, width: 8 } };

function outputs(model: ReturnType<typeof buildModel>, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.apply(x, { training: false }) as tf.Tensor).dataSync() as Float32Array);
}

describe('LoRA adapters', () => {
  it('start as a no-op, and merging gives the same outputs as the model with adapters', () => {
    const model = buildModel(spec, { seed: 2 });
    const x = tf.randomNormal([5, 2, 32], 0, 1, 'float32', 4);
    const base = outputs(model, x);
    const trainableNames = model.trainableWeights.map((w) => w.originalName);
    const lora = new LoraAdapters(model, { rank: 2, seed: 9 });
    expect(lora.adapterWeights.map((w) => w.originalName)).toContain('head/lora_b');
    Array.from(outputs(model, x)).forEach((v, i) => expect(v).toBeCloseTo(base[i]!, 5));
    // give B values so the adapters actually change the function
    lora.adapterWeights.filter((w) => w.originalName.endsWith('lora_b')).forEach((w, k) => w.write(tf.randomNormal(w.shape as number[], 0, 0.3, 'float32', 20 + k)));
    const adapted = outputs(model, x);
    expect(Math.max(...Array.from(adapted, (v, i) => Math.abs(v - base[i]!)))).toBeGreaterThan(1e-2);
    expect(model.trainableWeights).toHaveLength(2 * 4);
    lora.merge();
    const merged = outputs(model, x);
    Array.from(merged).forEach((v, i) => expect(Math.abs(v - adapted[i]!)).toBeLessThan(1e-5));
    expect([...readModelWeights(model).keys()].some((n) => n.includes('lora'))).toBe(false);
    expect(model.trainableWeights.map((w) => w.originalName).sort()).toEqual([...trainableNames].sort());
    x.dispose();
    model.dispose();
  });

  it('trains only the adapters', async () => {
    const model = buildModel(spec, { seed: 2 });
    const before = readModelWeights(model);
    const lora = new LoraAdapters(model, { seed: 1 });
    const trainable = model.trainableWeights.map((w) => w.originalName);
    expect(trainable.every((n) => n.includes('/lora_'))).toBe(true);
    const config = resolveTrainConfig({ epochs: 1, batchSize: 16, learningRate: 1e-2, earlyStopping: null });
    await trainModel(model, { train: toneSource(48, 32, 3, 1) }, config);
    const during = readModelWeights(model);
    for (const [name, w] of before) expect(Array.from(during.get(name)!.values)).toEqual(Array.from(w.values));
    expect(Array.from(during.get('head/lora_b')!.values).some((v) => v !== 0)).toBe(true);
    lora.merge();
    const after = readModelWeights(model);
    expect(Array.from(after.get('head/kernel')!.values)).not.toEqual(Array.from(before.get('head/kernel')!.values));
    expect(model.trainableWeights.every((w) => w.trainable)).toBe(true);
    model.dispose();
  });
});
