import { describe, expect, it } from 'vitest';
import type { ProjectStore } from '../../../../src/main/engine/store/project.ts';
import { writeSynthetic } from './synthetic-dataset.ts';
import { useTempProject } from './temp-project.ts';

describe('models, jobs, metrics and exports', () => {
  let store: ProjectStore;
  useTempProject((opened) => (store = opened));

  it('keeps model weights, JSON fields and lineage', () => {
    const { info } = writeSynthetic(store, { perGroup: 2, length: 8 });
    const weights = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256);
    const parent = store.saveModel({ name: 'vt', architecture: 'vtcnn2', spec: { classes: 3 }, weights, operation: 'train', datasetId: info.id, datasetHash: info.sourceHash, config: { epochs: 2 } });
    const child = store.saveModel({ name: 'vt-pruned', architecture: 'vtcnn2', spec: { classes: 3, removed: [1] }, weights: weights.subarray(10, 20), operation: 'prune', parentId: parent.id, config: { metric: 'reverse-order' } });
    expect(Array.from(store.getModel(parent.id).weights!)).toEqual(Array.from(weights));
    expect(Array.from(store.getModel(child.id).weights!)).toEqual(Array.from(weights.subarray(10, 20)));
    expect(store.listModels().map((m) => [m.name, m.parentId, m.operation, m.weightsBytes])).toEqual([
      ['vt', null, 'train', 3000],
      ['vt-pruned', parent.id, 'prune', 10],
    ]);
    // a name another model has gets the first free number
    const again = () => store.saveModel({ name: 'vt', architecture: 'vtcnn2', spec: {}, weights: null, operation: 'train' }).name;
    expect([again(), again()]).toEqual(['vt (2)', 'vt (3)']);
    expect(store.saveModel({ name: 'vt (2)', architecture: 'vtcnn2', spec: {}, weights: null, operation: 'train' }).name).toBe('vt (2) (2)');
    expect(() => store.saveModel({ name: 'x', architecture: 'a', spec: {}, weights: null, operation: 'train', parentId: 999 })).toThrow(/FOREIGN KEY/);
    store.deleteDataset(info.id);
    expect(store.getModel(parent.id).datasetId).toBeNull();
    expect(() => store.getModel(999)).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('keeps evaluations as records beside a model, whose own figures they never change', () => {
    const { info } = writeSynthetic(store, { perGroup: 2, length: 8 });
    const model = store.saveModel({ name: 'm', architecture: 'cnn1d', spec: {}, weights: null, operation: 'train', metrics: { accuracy: 0.404 }, datasetId: info.id });
    const draft = {
      modelId: model.id, datasetId: info.id, datasetName: info.name, datasetHash: info.sourceHash, split: 'all' as const,
      classMap: { a: 'a', b: null }, includesTraining: true, sampleCount: 12, metrics: { accuracy: 0.434 }, jobId: null,
    };
    const first = store.saveEvaluation(draft);
    const second = store.saveEvaluation({ ...draft, split: 'test', includesTraining: false, metrics: { accuracy: 0.4 } });
    expect(store.listEvaluations({ modelId: model.id }).map((e) => [e.id, e.split, e.includesTraining, e.classMap, e.metrics])).toEqual([
      [first.id, 'all', true, { a: 'a', b: null }, { accuracy: 0.434 }],
      [second.id, 'test', false, { a: 'a', b: null }, { accuracy: 0.4 }],
    ]);
    expect(store.getModel(model.id).metrics).toEqual({ accuracy: 0.404 });
    // the record outlives its dataset, keeping its name and hash; it goes with its model
    store.deleteDataset(info.id);
    expect(store.listEvaluations()[0]).toMatchObject({ datasetId: null, datasetName: info.name, datasetHash: info.sourceHash });
    store.deleteModel(model.id);
    expect(store.listEvaluations()).toEqual([]);
  });

  it('tracks a job through its lifecycle with log, result, metrics and exports', () => {
    const job = store.createJob({ kind: 'train', config: { lr: 0.001 }, seed: 9 });
    expect(job).toMatchObject({ status: 'queued', startedAt: null, finishedAt: null, seed: 9, config: { lr: 0.001 } });
    const running = store.updateJob(job.id, { status: 'running', phase: 'epoch', done: 1, total: 5, appendLog: 'epoch 1\n' });
    expect(running.startedAt).not.toBeNull();
    store.updateJob(job.id, { done: 2, appendLog: 'epoch 2\n' });
    const done = store.updateJob(job.id, { status: 'done', result: { modelId: 1 } });
    expect(done).toMatchObject({ status: 'done', done: 2, total: 5, log: 'epoch 1\nepoch 2\n', result: { modelId: 1 }, startedAt: running.startedAt });
    expect(done.finishedAt).not.toBeNull();
    expect(store.listJobs({ status: 'done' }).map((j) => j.id)).toEqual([job.id]);
    expect(store.listJobs({ status: 'running' })).toEqual([]);

    store.saveMetrics([
      { jobId: job.id, kind: 'epoch', step: 2, value: { loss: 0.5 } },
      { jobId: job.id, kind: 'epoch', step: 1, value: { loss: 0.9 } },
      { jobId: job.id, kind: 'confusion', value: [[1, 0], [0, 1]] },
    ]);
    expect(store.listMetrics({ jobId: job.id, kind: 'epoch' }).map((m) => m.value)).toEqual([{ loss: 0.9 }, { loss: 0.5 }]);
    expect(() => store.saveMetrics([{ kind: 'orphan', value: 1 }])).toThrowError(expect.objectContaining({ code: 'VALIDATION' }));

    const exported = store.saveExport({ modelId: null, format: 'onnx', path: '/tmp/m.onnx', report: { params: 10 }, sizeBytes: 1234 });
    expect(store.listExports()).toEqual([exported]);
    expect(() => store.updateJob(999, { status: 'failed' })).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
