import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeLabelledDataset, splitClusterByKMeans } from '../../../../src/main/engine/ml/cluster/label-clusters.ts';
import type { ClusterRunDraft } from '../../../../src/main/engine/store/cluster-runs.ts';
import { migrations } from '../../../../src/main/engine/store/migrations/index.ts';
import { openProject, type ProjectStore } from '../../../../src/main/engine/store/project.ts';
import { readProjectFile } from '../../../helpers/project-file.ts';
import { copyDatasetsInto, writeSynthetic, type Written } from './synthetic-dataset.ts';
import { tempDir } from './temp-project.ts';

/** A run over every sample of the dataset: cluster = position mod k, embeddings two clear groups inside cluster 0. */
function draftFor(store: ProjectStore, written: Written, k: number): ClusterRunDraft {
  const { ids } = store.loadSamples({ datasetId: written.info.id });
  const n = ids.length;
  const clusters = Int32Array.from({ length: n }, (_, i) => i % k);
  const embeddings = Float32Array.from({ length: n * 2 }, (_, a) => {
    const i = Math.floor(a / 2);
    return (Math.floor(i / k) % 2 === 0 ? 0 : 10) + (a % 2) * 0.01 * i;
  });
  return {
    name: 'run', jobId: null, targetDatasetId: written.info.id, sourceDatasetId: null, k, seed: 9,
    config: { k }, result: { acc: 0.5 }, sampleIds: ids, clusters, confidence: new Float32Array(n).fill(0.9), embeddings, dimension: 2,
  };
}

describe('cluster runs in the project file', () => {
  let dir: string;
  let cleanup: () => void;
  let store: ProjectStore;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    store = openProject(join(dir, 'p.amrproj'), { create: true });
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('stores a run with every assignment and its embeddings, and reads them back in order', () => {
    const w = writeSynthetic(store, { perGroup: 4, length: 16 });
    const draft = draftFor(store, w, 3);
    const run = store.saveClusterRun(draft);
    expect(run).toMatchObject({ k: 3, seed: 9, targetDatasetId: w.info.id, result: { acc: 0.5 }, labels: { names: {}, edits: [] } });
    const m = store.clusterMembership(run.id);
    expect(Array.from(m.sampleIds)).toEqual(Array.from(draft.sampleIds));
    expect(Array.from(m.clusters)).toEqual(Array.from(draft.clusters));
    expect(Array.from(store.clusterEmbeddings(run.id).values)).toEqual(Array.from(draft.embeddings));
    expect(store.listClusterRuns({ targetDatasetId: w.info.id }).map((r) => r.id)).toEqual([run.id]);
  });

  it('a failed save leaves nothing behind', () => {
    const w = writeSynthetic(store, { perGroup: 2, length: 16 });
    const draft = draftFor(store, w, 2);
    draft.sampleIds = Int32Array.from(draft.sampleIds, (id, i) => (i === draft.sampleIds.length - 1 ? 999_999 : id));
    expect(() => store.saveClusterRun(draft)).toThrow(/FOREIGN KEY/);
    expect(store.listClusterRuns()).toEqual([]);
  });

  it('names, merges and splits clusters, recording each edit', () => {
    const w = writeSynthetic(store, { perGroup: 4, length: 16 });
    const run = store.saveClusterRun(draftFor(store, w, 3));
    store.nameClusters(run.id, { 0: 'BPSK', 2: ' QPSK ' });
    const merged = store.mergeClusters(run.id, 2, 1);
    expect(merged.labels.names).toEqual({ 0: 'BPSK' });
    expect(Array.from(store.clusterMembership(run.id).clusters).filter((c) => c === 2)).toEqual([]);
    const split = splitClusterByKMeans(store, run.id, 0, 4);
    expect(split.k).toBe(4);
    const after = store.clusterMembership(run.id).clusters;
    // cluster 0 held positions 0, 3, 6, …: embeddings alternate between two far groups
    const zeroBefore = Array.from({ length: after.length }, (_, p) => p).filter((p) => p % 3 === 0);
    const groups = new Set(zeroBefore.map((p) => `${Math.floor(p / 3) % 2}:${after[p]}`));
    expect(groups.size).toBe(2);
    expect(split.labels.edits.map((e) => e.op)).toEqual(['merge', 'split']);
    expect(() => store.nameClusters(run.id, { 7: 'x' })).toThrow(/clusters 0\.\.3, not 7/);
    expect(() => store.mergeClusters(run.id, 1, 1)).toThrow(/into itself/);
  });

  it('named clusters become a labelled dataset whose labels are exactly the assignments, with lineage', () => {
    const w = writeSynthetic(store, { perGroup: 5, length: 16 });
    const run = store.saveClusterRun(draftFor(store, w, 3));
    const info = writeLabelledDataset(store, run.id, { names: { 0: 'alpha', 1: 'beta' }, name: 'named' });
    expect(info).toMatchObject({ kind: 'labelled', name: 'named', classes: ['alpha', 'beta'] });
    expect(info.params).toMatchObject({ lineage: { operation: 'label-clusters', parentDatasetId: w.info.id, clusterRunId: run.id, names: { 0: 'alpha', 1: 'beta' } } });
    const target = store.loadSamples({ datasetId: w.info.id });
    const labelled = store.loadSamples({ datasetId: info.id });
    const membership = store.clusterMembership(run.id);
    // every sample of clusters 0 and 1, in target order, with its cluster's name as its label and its own I/Q and SNR
    const kept = Array.from(membership.sampleIds.keys()).filter((p) => membership.clusters[p]! < 2);
    expect(labelled.count).toBe(kept.length);
    kept.forEach((p, row) => {
      expect(info.classes[labelled.y[row]!]).toBe(['alpha', 'beta'][membership.clusters[p]!]);
      expect(labelled.snr[row]).toBe(target.snr[p]);
      expect(Array.from(labelled.x.subarray(row * 32, (row + 1) * 32))).toEqual(Array.from(target.x.subarray(p * 32, (p + 1) * 32)));
    });
    expect(() => writeLabelledDataset(store, store.saveClusterRun(draftFor(store, w, 2)).id)).toThrow(/name at least one cluster/);
  });

  it('deleting the target dataset removes its runs', () => {
    const w = writeSynthetic(store, { perGroup: 2, length: 16 });
    store.saveClusterRun(draftFor(store, w, 2));
    store.deleteDataset(w.info.id);
    expect(store.listClusterRuns()).toEqual([]);
  });
});

describe('migration 5', () => {
  it('upgrades a version-4 file: datasets keep their rows, ids and content hashes, children stay attached, and the kind "labelled" is accepted', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'v4.amrproj');
      openProject(file, { create: true, migrations: migrations.slice(0, 4) }).close();
      const today = openProject(join(dir, 'today.amrproj'), { create: true });
      const a = writeSynthetic(today, { name: 'a', perGroup: 2, length: 16 });
      const b = writeSynthetic(today, { name: 'b', perGroup: 3, length: 16, seed: 2 });
      today.close();
      copyDatasetsInto(join(dir, 'today.amrproj'), file);
      const contentHashes = (): unknown => readProjectFile(file, (db) => db.prepare('SELECT id, content_hash FROM datasets ORDER BY id').all());
      const hashes = contentHashes();
      const store = openProject(file);
      expect(store.info().schemaVersion).toBe(migrations.length);
      expect(contentHashes()).toEqual(hashes);
      expect(store.listDatasets().map((d) => [d.id, d.name, d.count, d.classes.length])).toEqual([
        [a.info.id, 'a', a.info.count, 3],
        [b.info.id, 'b', b.info.count, 3],
      ]);
      expect(store.loadSamples({ datasetId: b.info.id }).x).toEqual(b.x);
      expect(readProjectFile(file, (db) => db.pragma('foreign_key_check'))).toEqual([]);
      // foreign keys are enforced again after the step that switched them off
      const orphan = { ...draftFor(store, b, 2), sampleIds: Int32Array.from(draftFor(store, b, 2).sampleIds, () => 999_999) };
      expect(() => store.saveClusterRun(orphan)).toThrow(/FOREIGN KEY/);
      store.deleteDataset(a.info.id);
      expect(store.listDatasets().map((d) => d.id)).toEqual([b.info.id]);
      store.close();
    } finally {
      cleanup();
    }
  });
});
