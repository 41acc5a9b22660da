// Evaluations are records beside a model: on other datasets by class name (a 10a-style model on
// a 10b-style set, on RML2018-named classes), never replacing the model's own test figure, and
// refused on samples the model was trained on unless asked for (then labelled).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import { previewEvaluation } from '../../../../src/main/engine/api/handlers/evaluations.ts';
import { createEngine, type Engine } from '../../../../src/main/engine/engine.ts';
import { executeJob } from '../../../../src/main/engine/jobs/execute-job.ts';
import { checkEvaluateJob } from '../../../../src/main/engine/jobs/kinds/evaluate.ts';
import { initBackend } from '../../../../src/main/engine/ml/backend/index.ts';
import { headlineEvaluation, recordedEvaluation } from '../../../../src/main/engine/ml/eval/stored-evaluation.ts';
import { evaluateModel } from '../../../../src/main/engine/ml/eval/evaluate.ts';
import { loadStoredModel } from '../../../../src/main/engine/ml/persist/stored-model.ts';
import { defaultTrainingThreads } from '../../../../src/main/engine/ml/train/data-parallel.ts';
import { storeSource } from '../../../../src/main/engine/ml/train/data.ts';
import type { ProjectStore } from '../../../../src/main/engine/store/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-evaluate-'));
let engine: Engine;
let store: ProjectStore;
let trainedOn: number;
let modelId: number;
const common = { snrs: [10, 18], perKey: 16, length: 32, normalisation: 'unit-power' as const };

async function run(kind: string, config: Record<string, unknown>): Promise<Record<string, unknown>> {
  const jobId = store.createJob({ kind, config, seed: 0 }).id;
  const finished = await executeJob(store, { jobId, kind, config }, new AbortController().signal, () => {});
  if (finished.status !== 'done') throw new Error(`${kind} job failed: ${JSON.stringify(finished)}`);
  return finished.result;
}

beforeAll(async () => {
  await initBackend();
  engine = createEngine({ projectPath: join(dir, 'p.amrproj'), create: true });
  store = engine.store;
  trainedOn = (await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK', 'QAM16', 'AM-SSB'], seed: 1, ...common }, { name: '10a-style' })).id;
  const trained = await run('train', { datasetId: trainedOn, model: { arch: 'cnn1d', options: { depth: 2, width: 8 } }, train: { epochs: 2, batchSize: 16, seed: 3 } });
  modelId = trained['modelId'] as number;
});

afterAll(async () => {
  await engine.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('evaluate job', () => {
  it('scores a 10a-style model on a 10b-style set per class, as a record that leaves the model\'s test figure as it was', async () => {
    const before = store.getModel(modelId);
    const headline = headlineEvaluation(store, modelId)!;
    expect(before.config['classes']).toEqual(['BPSK', 'QPSK', 'QAM16', 'AM-SSB']);
    const tenB = (await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK', 'QAM16'], seed: 2, ...common }, { name: '10b-style' })).id;
    const r = await run('evaluate', { modelId, datasetId: tenB });
    expect(r).toMatchObject({ split: 'all', count: 3 * 2 * 16, includesTraining: false, missingClasses: ['AM-SSB'], unmappedClasses: [], engine: 'onnxruntime' });
    const perClass = r['perClass'] as { className: string; support: number; recall: number | null }[];
    expect(perClass.map((c) => [c.className, c.support])).toEqual([['BPSK', 32], ['QPSK', 32], ['QAM16', 32], ['AM-SSB', 0]]);
    expect(perClass[3]!.recall).toBeNull();
    // the record, and the model untouched
    const [record] = store.listEvaluations({ modelId });
    expect(record).toMatchObject({ datasetId: tenB, datasetName: '10b-style', split: 'all', includesTraining: false, sampleCount: 96 });
    const view = recordedEvaluation(record!);
    expect(view.accuracy).toBe(r['accuracy']);
    expect(view.confusion.flat().reduce((a, b) => a + b, 0)).toBe(96);
    expect(view.confusionBySnr.map((m) => m.flat().reduce((a, b) => a + b, 0))).toEqual([48, 48]);
    expect(store.getModel(modelId).metrics).toEqual(before.metrics);
    expect(headlineEvaluation(store, modelId)).toEqual(headline);
  });

  it('scores on as many threads as asked (one per core by default), with the same figures on one or two', async () => {
    const other = (await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK', 'QAM16', 'AM-SSB'], seed: 5, ...common }, { name: 'threads' })).id;
    const one = await run('evaluate', { modelId, datasetId: other, threads: 1 });
    const two = await run('evaluate', { modelId, datasetId: other, threads: 2 });
    const byDefault = await run('evaluate', { modelId, datasetId: other });
    expect([one['threads'], two['threads'], byDefault['threads']]).toEqual([1, 2, defaultTrainingThreads()]);
    expect(store.listEvaluations({ modelId }).at(-2)!.metrics['threads']).toBe(2);
    const figures = (r: Record<string, unknown>) => ({ accuracy: r['accuracy'], perClass: r['perClass'], perSnr: r['perSnr'] });
    expect(figures(two)).toEqual(figures(one));
    expect(figures(byDefault)).toEqual(figures(one));
    expect(() => checkEvaluateJob(store, { modelId, datasetId: other, threads: 0 })).toThrow(/threads/);
  });

  it('matches differently spelt classes by name, leaves unknown ones out, and takes an edited mapping', async () => {
    const named2018 = (await writeGeneratedDataset(store, { preset: 'rml2018', classes: ['BPSK', '16QAM', 'FM'], seed: 4, ...common }, { name: '2018-names' })).id;
    const byName = await run('evaluate', { modelId, datasetId: named2018 });
    expect(byName).toMatchObject({ count: 64, unmappedClasses: ['FM'], missingClasses: ['QPSK', 'AM-SSB'] });
    expect(store.listEvaluations({ modelId }).at(-1)!.classMap).toEqual({ BPSK: 'BPSK', '16QAM': 'QAM16', FM: null });
    const edited = await run('evaluate', { modelId, datasetId: named2018, classMap: { FM: 'AM-SSB', BPSK: null } });
    expect(edited).toMatchObject({ count: 64, unmappedClasses: ['BPSK'], missingClasses: ['BPSK', 'QPSK'] });
    // what the workbench shows before starting: counts per class, the mapping, no problem
    const preview = previewEvaluation(store, { modelId, datasetId: named2018, classMap: { FM: 'AM-SSB' } });
    expect(preview).toMatchObject({ datasetClasses: ['BPSK', '16QAM', 'FM'], datasetCounts: [32, 32, 32], samples: 96, problem: null, split: 'all' });
    expect(() => checkEvaluateJob(store, { modelId, datasetId: named2018, classMap: { FM: 'WBFM' } })).toThrow(/the model has no class 'WBFM'/);
    expect(() => checkEvaluateJob(store, { modelId, datasetId: named2018, classMap: { BPSK: null, '16QAM': null, FM: null } })).toThrow(/no class of dataset .* maps to a class of model/);
  });

  it('refuses samples the model was trained on unless asked, and then labels the record', async () => {
    const own = { modelId, datasetId: trainedOn };
    expect(() => checkEvaluateJob(store, { ...own, split: 'all' })).toThrow(/holds model \d+'s training data \(it is the dataset the model was trained on\)/);
    expect(() => checkEvaluateJob(store, { ...own, split: 'train' })).toThrow(/train split is the model's training samples/);
    const test = await run('evaluate', own);
    expect(test).toMatchObject({ split: 'test', includesTraining: false, engine: 'onnxruntime' });
    // the training job scored its test split through onnxruntime too, and TF.js agrees with both
    expect(store.getModel(modelId).metrics['engine']).toBe('onnxruntime');
    expect(test['accuracy']).toBe(headlineEvaluation(store, modelId)!.accuracy);
    const { model } = loadStoredModel(store, modelId);
    try {
      const tfjs = evaluateModel(model, storeSource(store, { datasetId: trainedOn, split: 'test' }), store.getDataset(trainedOn).classes);
      expect(tfjs.accuracy).toBe(test['accuracy']);
    } finally {
      model.dispose();
    }
    expect(store.listEvaluations({ modelId }).at(-1)!.metrics['engine']).toBe('onnxruntime');
    const all = await run('evaluate', { ...own, split: 'all', includeTrainingSamples: true });
    expect(all).toMatchObject({ split: 'all', includesTraining: true });
    expect(store.listEvaluations({ modelId }).at(-1)!.includesTraining).toBe(true);
    // a copy of the training data without its split: every sample may have been trained on
    const source = store.loadSamples({ datasetId: trainedOn });
    const writer = store.beginDataset({ name: 'copy', kind: 'imported', format: 'npy', sourcePath: null, sourceHash: 'other-bytes', length: 32, params: {} });
    const classes = store.getDataset(trainedOn).classes.map((c) => writer.classIndex(c));
    writer.append(source.x, Array.from(source.y, (y, k) => ({ classIndex: classes[y]!, snr: source.snr[k]!, sourceOffset: k })));
    const copy = writer.commit();
    expect(copy.contentHash).toBe(store.getDataset(trainedOn).contentHash);
    expect(() => checkEvaluateJob(store, { modelId, datasetId: copy.id })).toThrow(/its decoded samples are those of the model's training data\): its splits are not the ones model \d+ was trained with/);
    expect(previewEvaluation(store, { modelId, datasetId: copy.id }).problem).toMatch(/training data/);
  });

  it('records no job for an evaluation its check refuses', async () => {
    const jobs = store.listJobs().length;
    await expect(engine.jobs.submit('evaluate', { modelId, datasetId: trainedOn, split: 'all' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(engine.jobs.submit('evaluate', { modelId: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(engine.jobs.submit('train', { datasetId: trainedOn, model: { arch: 'no-such-net' }, train: {} })).rejects.toThrow(/unknown model architecture 'no-such-net'/);
    await expect(engine.jobs.submit('no-such-kind', {})).rejects.toThrow(/unknown job kind/);
    expect(store.listJobs()).toHaveLength(jobs);
  });
});
