// What the user does with a clustering run: split a cluster in two (2-means on its members'
// stored embeddings), and write the named clusters out as a new labelled dataset whose labels are
// exactly the clusters' names, with its lineage (target dataset, run, names) in its params.
import { createHash } from 'node:crypto';
import { AppError } from '../../../../shared/errors.ts';
import type { ClusterRunSummary } from '../../store/cluster-runs.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { DatasetInfo, SampleMeta } from '../../store/types.ts';
import { kmeans } from './kmeans.ts';

/** Splits `cluster` by 2-means over its members' embeddings; the second group becomes a new cluster. */
export function splitClusterByKMeans(store: ProjectStore, runId: number, cluster: number, seed: number): ClusterRunSummary {
  const { clusters } = store.clusterMembership(runId);
  const { values, dimension } = store.clusterEmbeddings(runId);
  const members = Array.from(clusters.keys()).filter((p) => clusters[p] === cluster);
  if (members.length < 2) throw new AppError('VALIDATION', `cluster ${cluster} has ${members.length} member${members.length === 1 ? '' : 's'}; a split needs at least 2`);
  const points = new Float32Array(members.length * dimension);
  members.forEach((p, m) => points.set(values.subarray(p * dimension, (p + 1) * dimension), m * dimension));
  const { assignments } = kmeans(points, dimension, { k: 2, seed });
  const moved = members.filter((_, m) => assignments[m] === 1);
  return store.splitCluster(runId, cluster, moved, seed);
}

export interface LabelledDatasetOptions {
  name?: string;
  /** names to set before writing (cluster id → name), merged over those already stored */
  names?: Record<number, string>;
}

/**
 * Writes the target samples of every named cluster into a new 'labelled' dataset, one class per
 * distinct name (two clusters with one name become one class). One transaction.
 */
export function writeLabelledDataset(store: ProjectStore, runId: number, options: LabelledDatasetOptions = {}): DatasetInfo {
  const run = options.names ? store.nameClusters(runId, options.names) : store.getClusterRun(runId);
  const names = run.labels.names;
  if (Object.keys(names).length === 0) throw new AppError('VALIDATION', `cluster run ${runId}: name at least one cluster first`);
  const target = store.getDataset(run.targetDatasetId);
  const membership = store.clusterMembership(runId);
  const samples = store.loadSamples({ datasetId: run.targetDatasetId });
  const rowOf = new Map(Array.from(samples.ids, (id, row) => [id, row]));
  const classNames = [...new Set(Object.keys(names).sort((a, b) => Number(a) - Number(b)).map((c) => names[c]!))];
  const hash = createHash('sha256').update(JSON.stringify({ target: target.sourceHash, run: run.id, names, edits: run.labels.edits })).update(Buffer.from(membership.clusters.buffer)).digest('hex');
  const writer = store.beginDataset({
    name: options.name ?? `${target.name} — named clusters (run ${run.id})`,
    kind: 'labelled',
    format: 'cluster-labels',
    sourcePath: null,
    sourceHash: hash,
    length: target.length,
    params: {
      lineage: { operation: 'label-clusters', parentDatasetId: target.id, parentDatasetName: target.name, clusterRunId: run.id, names, edits: run.labels.edits },
    },
  });
  try {
    for (const c of classNames) writer.classIndex(c);
    const per = 2 * target.length;
    membership.sampleIds.forEach((sampleId, position) => {
      const name = names[String(membership.clusters[position])];
      if (name === undefined) return;
      const row = rowOf.get(sampleId);
      if (row === undefined) throw new AppError('INTERNAL', `cluster run ${runId}: sample ${sampleId} is no longer in dataset ${target.id}`);
      const snr = samples.snr[row]!;
      const meta: SampleMeta = { classIndex: writer.classIndex(name), snr: Number.isNaN(snr) ? null : snr, sourceOffset: row };
      writer.append(samples.x.subarray(row * per, (row + 1) * per), [meta]);
    });
    return writer.commit();
  } catch (err) {
    writer.abort();
    throw err;
  }
}
