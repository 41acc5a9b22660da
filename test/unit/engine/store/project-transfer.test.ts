// Copying rows between project files: under their own ids (a bundle's data), under new ids with
// every reference followed (collect's merge), or keeping references to rows left behind (a
// result file); all in one transaction, nothing written when any part fails.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProject, type ProjectStore } from '../../../../src/main/engine/store/project.ts';
import { migrations } from '../../../../src/main/engine/store/migrations/index.ts';
import { projectDigest } from '../../../helpers/project-digest.ts';
import { readProjectFile } from '../../../helpers/project-file.ts';
import { writeSynthetic } from './synthetic-dataset.ts';
import { tempDir } from './temp-project.ts';

let dir: string;
let cleanup: () => void;
let source: ProjectStore;
let sourcePath: string;
let datasetId: number;
let parentId: number;
let childId: number;
let jobId: number;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  sourcePath = join(dir, 'source.amrproj');
  source = openProject(sourcePath, { create: true });
  writeSynthetic(source, { name: 'first', perGroup: 2, length: 8, seed: 1 });
  datasetId = writeSynthetic(source, { name: 'second', perGroup: 3, length: 16, seed: 2, appendBatch: 5 }).info.id;
  source.assignSplits(datasetId, { train: 0.5, val: 0.25, test: 0.25, seed: 4 });
  jobId = source.createJob({ kind: 'train', config: { datasetId }, seed: 3 }).id;
  source.updateJob(jobId, { status: 'done', result: { ok: true }, appendLog: 'trained\n' });
  const weights = Uint8Array.from({ length: 500 }, (_, i) => i % 251);
  parentId = source.saveModel({ name: 'parent', architecture: 'cnn1d', spec: {}, weights, operation: 'train', datasetId, jobId }).id;
  childId = source.saveModel({ name: 'child', architecture: 'cnn1d', spec: {}, weights: weights.subarray(0, 100), operation: 'prune', datasetId, parentId, jobId }).id;
  source.saveMetrics([{ modelId: childId, jobId, kind: 'epoch', step: 0, value: { loss: 1.5 } }, { jobId, kind: 'summary', value: { seconds: 2 } }]);
});

afterEach(() => {
  source.close();
  cleanup();
});

function samplesOf(store: ProjectStore, id: number, split?: 'train' | 'test') {
  const s = store.loadSamples({ datasetId: id, ...(split ? { split } : {}) });
  return { x: Buffer.from(s.x.buffer, s.x.byteOffset, s.x.byteLength).toString('hex'), y: [...s.y], snr: [...s.snr] };
}

describe('project transfer', () => {
  it('copies datasets and models under their own ids, dropping references to rows not copied', () => {
    const target = openProject(join(dir, 'bundle.amrproj'), { create: true });
    try {
      target.transferFrom(sourcePath, { keepIds: true, danglingReferences: 'drop' }, (t) => {
        t.copyDatasets([datasetId]);
        t.copyModels([childId]);
      });
      expect(target.listDatasets().map((d) => d.id)).toEqual([datasetId]);
      const [ours, theirs] = [source.getDataset(datasetId), target.getDataset(datasetId)];
      expect({ ...theirs, createdAt: '' }).toEqual({ ...ours, createdAt: '' });
      for (const split of ['train', 'test'] as const) expect(samplesOf(target, datasetId, split)).toEqual(samplesOf(source, datasetId, split));
      expect(target.getModel(childId)).toMatchObject({ name: 'child', datasetId, parentId: null, jobId: null, weightsBytes: 100 });
    } finally {
      target.close();
    }
  });

  it('merges under new ids, following references to copied rows and to rows already here', () => {
    const target = openProject(join(dir, 'project.amrproj'), { create: true });
    try {
      writeSynthetic(target, { name: 'own first', perGroup: 1, length: 8, seed: 8 });
      const own = writeSynthetic(target, { name: 'own', perGroup: 4, length: 16, seed: 9 }).info.id;
      const ownModel = target.saveModel({ name: 'own model', architecture: 'x', spec: {}, weights: null, operation: 'train' }).id;
      const ids = target.transferFrom(sourcePath, { keepIds: false, danglingReferences: 'drop' }, (t) => {
        t.copyDatasets([datasetId]);
        t.copyJobs([jobId]);
        t.copyModels([parentId, childId]);
        t.copyMetrics(t.sourceIds('metrics'));
        return { dataset: t.mapped('dataset', datasetId)!, job: t.mapped('job', jobId)!, parent: t.mapped('model', parentId)!, child: t.mapped('model', childId)! };
      });
      expect(ids.dataset).toBe(3);
      expect(ids.parent).toBeGreaterThan(ownModel);
      expect(samplesOf(target, ids.dataset)).toEqual(samplesOf(source, datasetId));
      expect(samplesOf(target, own)).not.toEqual(samplesOf(source, datasetId));
      expect(target.getDataset(ids.dataset).split).toEqual(source.getDataset(datasetId).split);
      expect(target.getJob(ids.job)).toMatchObject({ kind: 'train', status: 'done', result: { ok: true }, log: 'trained\n', config: { datasetId } });
      expect(target.getModel(ids.child)).toMatchObject({ datasetId: ids.dataset, parentId: ids.parent, jobId: ids.job });
      expect(target.listMetrics({ jobId: ids.job }).map((m) => [m.kind, m.modelId, m.value])).toEqual([
        ['epoch', ids.child, { loss: 1.5 }],
        ['summary', null, { seconds: 2 }],
      ]);
      const chunks = readProjectFile(join(dir, 'project.amrproj'), (db) => db.prepare('SELECT count(DISTINCT chunk_id) FROM samples WHERE dataset_id = ?').pluck().get(ids.dataset));
      expect(chunks).toBe(readProjectFile(sourcePath, (db) => db.prepare('SELECT count(*) FROM chunks WHERE dataset_id = ?').pluck().get(datasetId)));
    } finally {
      target.close();
    }
  });

  it('keeps references to rows left behind when asked (a result file pointing at its bundle)', () => {
    const resultPath = join(dir, 'result.amrproj');
    const result = openProject(resultPath, { create: true });
    try {
      result.transferFrom(sourcePath, { keepIds: true, danglingReferences: 'keep' }, (t) => t.copyModels([childId]));
      expect(result.getModel(childId)).toMatchObject({ datasetId, parentId, jobId });
    } finally {
      result.close();
    }
  });

  it('writes nothing when the transfer fails part way', () => {
    const targetPath = join(dir, 'project.amrproj');
    const target = openProject(targetPath, { create: true });
    try {
      writeSynthetic(target, { name: 'own', perGroup: 2, length: 8 });
      const before = projectDigest(targetPath);
      expect(() =>
        target.transferFrom(sourcePath, { keepIds: false, danglingReferences: 'drop' }, (t) => {
          t.copyDatasets([datasetId]);
          t.copyModels([parentId]);
          t.copyModels([12345]);
        }),
      ).toThrow(/models row 12345 is not in the file being copied from/);
      expect(projectDigest(targetPath)).toBe(before);
      // and the connection is usable, the other file detached
      expect(target.listDatasets()).toHaveLength(1);
    } finally {
      target.close();
    }
  });

  it('refuses a file from a newer schema', () => {
    const target = openProject(join(dir, 'old.amrproj'), { create: true, migrations: migrations.slice(0, 1) });
    try {
      expect(() => target.transferFrom(sourcePath, { keepIds: true, danglingReferences: 'drop' }, () => undefined)).toThrow(/written by a newer AMR Studio/);
    } finally {
      target.close();
    }
  });
});
