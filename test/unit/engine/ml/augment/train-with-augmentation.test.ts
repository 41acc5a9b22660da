import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAugmentSpec } from '../../../../../src/shared/augment.ts';
import { writeGeneratedDataset } from '../../../../../src/main/engine/dsp/synth/write.ts';
import { trainingAugmentation } from '../../../../../src/main/engine/ml/augment/training-hook.ts';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { resolveTrainConfig } from '../../../../../src/main/engine/ml/train/config.ts';
import { arraySource } from '../../../../../src/main/engine/ml/train/data.ts';
import { runTrainJob } from '../../../../../src/main/engine/jobs/kinds/train.ts';
import { trainModel } from '../../../../../src/main/engine/ml/train/trainer.ts';
import { openProject, type ProjectStore } from '../../../../../src/main/engine/store/project.ts';
import { generatedBank } from './bank.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-train-augment-'));
let store: ProjectStore;
let datasetId = 0;

beforeAll(async () => {
  await initBackend();
  store = openProject(join(dir, 'p.amrproj'), { create: true });
  datasetId = (await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK', 'GFSK'], snrs: [0, 18], perKey: 16, length: 32, seed: 2 })).id;
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function sampleDigests(x: Float32Array, per: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < x.length / per; k++) out.push(createHash('sha1').update(Buffer.from(x.buffer, x.byteOffset + 4 * k * per, 4 * per)).digest('hex'));
  return out.sort();
}

describe('online augmentation in training', () => {
  it('changes the training batches between epochs and leaves the training data untouched', async () => {
    const bank = generatedBank({ length: 32 });
    const stored = Float32Array.from(bank.x);
    const source = arraySource(bank.x, bank.y, bank.length, bank.snr);
    const augmentation = trainingAugmentation(resolveAugmentSpec({ mix: { method: 'rm' } }), source, 1);
    const seen: { input: string[]; output: string[] }[] = [];
    const before = tf.memory().numTensors;
    const model = buildModel({ arch: 'cnn1d', numClasses: 3, length: 32, options: { depth: 1, width: 8 } }, { seed: 1 });
    await trainModel(model, { train: source }, resolveTrainConfig({ epochs: 2, batchSize: bank.count, seed: 1, threads: 1 }), {
      augment: (x, y, rng, snr) => {
        const out = augmentation.augment(x, y, rng, snr)!;
        seen.push({ input: sampleDigests(x, 64), output: sampleDigests(out.x, 64) });
        expect(out.y).toEqual(y);
        return out;
      },
    });
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toHaveLength(2);
    // the same signals go in each epoch; different mixes come out
    expect(seen[0]!.input).toEqual(seen[1]!.input);
    expect(seen[0]!.output).not.toEqual(seen[1]!.output);
    expect(seen[0]!.output).not.toEqual(seen[0]!.input);
    expect(bank.x).toEqual(stored);
    expect(augmentation.tally.replaced).toBeGreaterThan(0.3 * 2 * bank.count);
    expect(augmentation.record).toEqual({ bankSignals: bank.count, trainingSignals: bank.count, convention: 'l1' });
  });

  it('the train job trains on the subset, augments online, and records both with the model; the stored data stay as they were', async () => {
    const digest = (): string => createHash('sha256').update(Buffer.from(store.loadSamples({ datasetId }).x.buffer)).digest('hex');
    const before = digest();
    const logs: string[] = [];
    const jobId = store.createJob({ kind: 'train', config: {}, seed: 3 }).id;
    const result = await runTrainJob(
      { store, jobId, signal: new AbortController().signal, progress: () => {}, log: (l) => logs.push(l) },
      {
        datasetId,
        model: { arch: 'cnn1d', options: { depth: 1, width: 8 } },
        train: { epochs: 2, batchSize: 8, seed: 3, threads: 1 },
        split: { train: 0.5, val: 0.25, test: 0.25, seed: 1 },
        subset: { snrMin: 18, snrMax: 18, classes: [0, 2], perCell: 5 },
        augment: { mix: { method: 'msm', pool: 4 }, rf: { ops: ['phase'] } },
      },
    );
    const saved = store.listModels().find((m) => m.id === result.modelId)!;
    const config = saved.config as { subset: Record<string, unknown>; augment: Record<string, unknown> };
    // 10 = 2 classes × 1 SNR × 5; the held-out signals are the subset's too (4 per cell of 16 · 0.25)
    expect(config.subset).toMatchObject({ snrMin: 18, snrMax: 18, classes: [0, 2], perCell: 5, seed: 3, trainSignals: 10, valSignals: 8, testSignals: 8 });
    expect(config.augment).toMatchObject({ method: 'MSM, exchange 0.5, pool 4, band 0.1, same SNR + RF phase', bankSignals: 10, trainingSignals: 10, convention: 'l1', spec: { mix: { method: 'msm', pool: 4 } } });
    expect(config.augment.replacedPerEpoch as number).toBeGreaterThan(0);
    expect(logs.join('\n')).toMatch(/training on 18 dB, classes BPSK, GFSK, at most 5 training signals per class × SNR \(seed 3\)/);
    expect(digest()).toBe(before);
  });

  it('names a class the dataset does not have', async () => {
    await expect(
      runTrainJob(
        { store, jobId: 0, signal: new AbortController().signal, progress: () => {}, log: () => {} },
        { datasetId, model: { arch: 'cnn1d' }, train: { epochs: 1 }, subset: { classes: [7] } },
      ),
    ).rejects.toThrow(/class #7 is not in the dataset \(it has 3 classes\)/);
  });
});
