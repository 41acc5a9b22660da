// Clustering runs: what was clustered with what (config, seeds, scores), every target sample's
// cluster, the target's embeddings (so a cluster can be split later), and the names and
// merge/split edits the user made afterwards.
import type { Database } from 'better-sqlite3';
import type { ClusterEditView } from '../../../shared/clustering.ts';
import { AppError } from '../../../shared/errors.ts';
import { nowIso, parseJsonColumn } from './json.ts';

/** stored as the channels show it */
export type ClusterEdit = ClusterEditView;

export interface ClusterLabels {
  /** cluster id → the name the user gave it */
  names: Record<string, string>;
  edits: ClusterEdit[];
}

export interface ClusterRunDraft {
  name: string;
  jobId: number | null;
  targetDatasetId: number;
  sourceDatasetId: number | null;
  k: number;
  seed: number;
  config: Record<string, unknown>;
  result: Record<string, unknown>;
  /** target samples in the order of the rows below */
  sampleIds: Int32Array;
  clusters: Int32Array;
  confidence: Float32Array;
  /** sampleIds.length × dimension */
  embeddings: Float32Array;
  dimension: number;
}

/** A stored run without its per-sample rows; cluster ids run from 0 to k − 1 (a split adds one; a merge leaves an empty id). */
export type ClusterRunSummary = Omit<ClusterRunDraft, 'sampleIds' | 'clusters' | 'confidence' | 'embeddings' | 'dimension'> & {
  id: number;
  labels: ClusterLabels;
  createdAt: string;
};

export interface ClusterMembership {
  sampleIds: Int32Array;
  clusters: Int32Array;
  confidence: Float32Array;
}

interface RunRow {
  id: number;
  name: string;
  job_id: number | null;
  target_dataset_id: number;
  source_dataset_id: number | null;
  k: number;
  seed: number;
  config: string;
  result: string;
  clusters: string;
  created_at: string;
}

const summaryColumns = 'id, name, job_id, target_dataset_id, source_dataset_id, k, seed, config, result, clusters, created_at';

function toSummary(row: RunRow): ClusterRunSummary {
  const where = `cluster run ${row.id}`;
  return {
    id: row.id,
    name: row.name,
    jobId: row.job_id,
    targetDatasetId: row.target_dataset_id,
    sourceDatasetId: row.source_dataset_id,
    k: row.k,
    seed: row.seed,
    config: parseJsonColumn(row.config, where),
    result: parseJsonColumn(row.result, where),
    labels: parseJsonColumn(row.clusters, where),
    createdAt: row.created_at,
  };
}

/** One transaction: the run row and every assignment, or nothing. */
export function saveClusterRun(db: Database, draft: ClusterRunDraft): ClusterRunSummary {
  const n = draft.sampleIds.length;
  if (draft.clusters.length !== n || draft.confidence.length !== n || draft.embeddings.length !== n * draft.dimension) {
    throw new AppError('INTERNAL', `cluster run: ${n} samples but ${draft.clusters.length} clusters, ${draft.confidence.length} confidences, ${draft.embeddings.length} embedding values of dimension ${draft.dimension}`);
  }
  return db.transaction(() => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO cluster_runs (name, job_id, target_dataset_id, source_dataset_id, k, seed, config, result, embeddings, dimension, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          draft.name, draft.jobId, draft.targetDatasetId, draft.sourceDatasetId, draft.k, draft.seed, JSON.stringify(draft.config), JSON.stringify(draft.result),
          Buffer.from(draft.embeddings.buffer, draft.embeddings.byteOffset, draft.embeddings.byteLength), draft.dimension, nowIso(),
        ).lastInsertRowid,
    );
    const insert = db.prepare('INSERT INTO cluster_assignments (run_id, sample_id, position, cluster, confidence) VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < n; i++) insert.run(id, draft.sampleIds[i], i, draft.clusters[i], draft.confidence[i]);
    return getClusterRun(db, id);
  })();
}

export function getClusterRun(db: Database, id: number): ClusterRunSummary {
  const row = db.prepare(`SELECT ${summaryColumns} FROM cluster_runs WHERE id = ?`).get(id) as RunRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `cluster run ${id} does not exist in this project`);
  return toSummary(row);
}

export function listClusterRuns(db: Database, filter: { targetDatasetId?: number } = {}): ClusterRunSummary[] {
  const rows = (filter.targetDatasetId === undefined
    ? db.prepare(`SELECT ${summaryColumns} FROM cluster_runs ORDER BY id`).all()
    : db.prepare(`SELECT ${summaryColumns} FROM cluster_runs WHERE target_dataset_id = ? ORDER BY id`).all(filter.targetDatasetId)) as RunRow[];
  return rows.map(toSummary);
}

/** Every target sample's cluster, in the run's target order. */
export function clusterMembership(db: Database, runId: number): ClusterMembership {
  getClusterRun(db, runId);
  const rows = db.prepare('SELECT sample_id, cluster, confidence FROM cluster_assignments WHERE run_id = ? ORDER BY position').raw().all(runId) as [number, number, number][];
  return {
    sampleIds: Int32Array.from(rows, (r) => r[0]),
    clusters: Int32Array.from(rows, (r) => r[1]),
    confidence: Float32Array.from(rows, (r) => r[2]),
  };
}

export function clusterEmbeddings(db: Database, runId: number): { values: Float32Array; dimension: number } {
  const row = db.prepare('SELECT embeddings, dimension FROM cluster_runs WHERE id = ?').get(runId) as { embeddings: Buffer; dimension: number } | undefined;
  if (!row) throw new AppError('NOT_FOUND', `cluster run ${runId} does not exist in this project`);
  const copy = new Uint8Array(row.embeddings);
  return { values: new Float32Array(copy.buffer, 0, copy.byteLength / 4), dimension: row.dimension };
}

function checkCluster(run: ClusterRunSummary, cluster: number): void {
  if (!Number.isInteger(cluster) || cluster < 0 || cluster >= run.k) throw new AppError('VALIDATION', `cluster run ${run.id} has clusters 0..${run.k - 1}, not ${cluster}`);
}

/** Sets or clears (empty name) the names of some clusters. */
export function nameClusters(db: Database, runId: number, names: Record<number, string>): ClusterRunSummary {
  return db.transaction(() => {
    const run = getClusterRun(db, runId);
    const next = { ...run.labels.names };
    for (const [key, raw] of Object.entries(names)) {
      const cluster = Number(key);
      checkCluster(run, cluster);
      const name = raw.trim();
      if (name) next[String(cluster)] = name;
      else delete next[String(cluster)];
    }
    db.prepare('UPDATE cluster_runs SET clusters = ? WHERE id = ?').run(JSON.stringify({ ...run.labels, names: next }), runId);
    return getClusterRun(db, runId);
  })();
}

/** Moves every member of `from` into `into`; `from` keeps its id, empty, and loses its name. */
export function mergeClusters(db: Database, runId: number, from: number, into: number): ClusterRunSummary {
  return db.transaction(() => {
    const run = getClusterRun(db, runId);
    checkCluster(run, from);
    checkCluster(run, into);
    if (from === into) throw new AppError('VALIDATION', `cannot merge cluster ${from} into itself`);
    db.prepare('UPDATE cluster_assignments SET cluster = ? WHERE run_id = ? AND cluster = ?').run(into, runId, from);
    const names = { ...run.labels.names };
    delete names[String(from)];
    const labels: ClusterLabels = { names, edits: [...run.labels.edits, { op: 'merge', from, into }] };
    db.prepare('UPDATE cluster_runs SET clusters = ? WHERE id = ?').run(JSON.stringify(labels), runId);
    return getClusterRun(db, runId);
  })();
}

/** Moves the members at `positions` (rows of the run's target order) out of `cluster` into a new cluster k. */
export function splitCluster(db: Database, runId: number, cluster: number, positions: readonly number[], seed: number): ClusterRunSummary {
  return db.transaction(() => {
    const run = getClusterRun(db, runId);
    checkCluster(run, cluster);
    const created = run.k;
    const move = db.prepare('UPDATE cluster_assignments SET cluster = ? WHERE run_id = ? AND position = ? AND cluster = ?');
    let moved = 0;
    for (const p of positions) moved += move.run(created, runId, p, cluster).changes;
    if (moved !== positions.length) throw new AppError('VALIDATION', `split: ${positions.length - moved} of the samples to move are not in cluster ${cluster}`);
    const labels: ClusterLabels = { ...run.labels, edits: [...run.labels.edits, { op: 'split', cluster, into: created, moved, seed }] };
    db.prepare('UPDATE cluster_runs SET k = ?, clusters = ? WHERE id = ?').run(created + 1, JSON.stringify(labels), runId);
    return getClusterRun(db, runId);
  })();
}

export function deleteClusterRun(db: Database, runId: number): void {
  db.transaction(() => {
    getClusterRun(db, runId);
    db.prepare('DELETE FROM cluster_assignments WHERE run_id = ?').run(runId);
    db.prepare('DELETE FROM cluster_runs WHERE id = ?').run(runId);
  })();
}
