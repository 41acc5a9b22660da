import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedDataset } from '../../../../../src/main/engine/dsp/synth/write.ts';
import { executeJob } from '../../../../../src/main/engine/jobs/execute-job.ts';
import { loadStoredModel } from '../../../../../src/main/engine/ml/persist/stored-model.ts';
import type { StudyRow } from '../../../../../src/main/engine/ml/prune/study.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { openProject, type ProjectStore } from '../../../../../src/main/engine/store/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-prune-jobs-'));
let store: ProjectStore;
let parentId: number;

async function run(kind: string, config: Record<string, unknown>) {
  const job = store.createJob({ kind, config, seed: 0 });
  const outcome = await executeJob(store, { jobId: job.id, kind, config }, new AbortController().signal, () => undefined);
  if (outcome.status !== 'done') throw new Error(`${kind} job failed: ${JSON.stringify(outcome)}`);
  return { id: job.id, result: outcome.result };
}

beforeAll(async () => {
  store = openProject(join(dir, 'p.amrproj'), { create: true });
  const dataset = await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'GFSK'], snrs: [10], perKey: 16, length: 16, seed: 3 }, { name: 'two' });
  const trained = await run('train', {
    datasetId: dataset.id,
    model: { arch: 'resnet1d', options: { depth: 14 } },
    train: { epochs: 1, batchSize: 16, seed: 1, learningRate: 2e-3 },
    split: { train: 0.5, val: 0.25, test: 0.25, seed: 1 },
  });
  parentId = trained.result['modelId'] as number;
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('prune jobs', () => {
  it('save a physically smaller model with its lineage, loadable like any model', async () => {
    const tensors = tf.memory().numTensors;
    const { id, result } = await run('prune', { modelId: parentId, method: 'reverse-order', ratio: 0.34, recovery: 'partial-1', epochs: 1, batchSize: 16, latencyRepeats: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    const record = store.getModel(result['modelId'] as number);
    expect(record).toMatchObject({ parentId, operation: 'prune', jobId: id });
    expect(record.config).toMatchObject({ method: 'reverse-order', recovery: 'partial-1', removed: ['stage3_block2'] });
    expect(record.spec['keepUnits']).toEqual(['stage1_block2', 'stage2_block2']);
    expect(record.weightsBytes).toBeLessThan(store.getModel(parentId).weightsBytes);
    const { model } = loadStoredModel(store, record.id);
    expect(model.layers.some((l) => l.name.startsWith('stage3_block2'))).toBe(false);
    model.dispose();
  });

  it('LoRA recovery leaves no adapter in the saved weights', async () => {
    const { result } = await run('prune', { modelId: parentId, method: 'channel', ratio: 0.5, recovery: 'lora', epochs: 1, batchSize: 16, latencyRepeats: 1 });
    const { model, record } = loadStoredModel(store, result['modelId'] as number);
    expect(model.weights.some((w) => w.originalName.includes('lora'))).toBe(false);
    expect(record.spec['widths']).toMatchObject({ stage1_block1_conv1: 8 });
    model.dispose();
  });

  it('the study stores a row per method × recovery next to the baseline', async () => {
    const { id, result } = await run('prune-study', { modelId: parentId, methods: ['block-influence', 'channel'], recoveries: ['none', 'full'], epochs: 1, batchSize: 16, latencyRepeats: 1 });
    const rows = result['rows'] as StudyRow[];
    expect(rows.map((r) => `${r.method}/${r.recovery}`)).toEqual(['baseline/none', 'block-influence/none', 'block-influence/full', 'channel/none', 'channel/full']);
    for (const r of rows) {
      expect(r.params).toBeGreaterThan(0);
      expect(r.sizeBytes).toBeGreaterThan(4 * r.params - 1);
      expect(r.latencyMsBatch1).toBeGreaterThan(0);
      expect(r.perSnr.map((s) => s.snr)).toEqual([10]);
    }
    expect(rows[1]!.params).toBeLessThan(rows[0]!.params);
    expect(store.getJob(id).result).toMatchObject({ parentId });
  });

  it('refuses an unknown method with the job config named', async () => {
    const job = store.createJob({ kind: 'prune', config: { modelId: parentId, method: 'entropy' }, seed: 0 });
    const outcome = await executeJob(store, { jobId: job.id, kind: 'prune', config: { modelId: parentId, method: 'entropy' } }, new AbortController().signal, () => undefined);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'VALIDATION' } });
    expect(JSON.stringify(outcome)).toMatch(/prune job config: method/);
  });
});
