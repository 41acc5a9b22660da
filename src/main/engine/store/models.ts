// Trained models with their lineage: which model they came from and by what operation.
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import { nowIso, parseJsonColumn } from './json.ts';

export type ModelOperation = 'train' | 'prune' | 'fine-tune' | 'distil' | 'import';

export interface ModelDraft {
  name: string;
  /** registry name of the builder, e.g. 'vtcnn2', 'resnet1d' */
  architecture: string;
  spec: Record<string, unknown>;
  /** serialised weights (format chosen by the ML layer) */
  weights: Uint8Array | null;
  metrics?: Record<string, unknown>;
  datasetId?: number | null;
  datasetHash?: string | null;
  parentId?: number | null;
  operation: ModelOperation;
  config?: Record<string, unknown>;
  jobId?: number | null;
}

export interface ModelSummary {
  id: number;
  name: string;
  architecture: string;
  spec: Record<string, unknown>;
  metrics: Record<string, unknown>;
  datasetId: number | null;
  datasetHash: string | null;
  parentId: number | null;
  operation: ModelOperation;
  config: Record<string, unknown>;
  jobId: number | null;
  weightsBytes: number;
  createdAt: string;
}

export interface ModelRecord extends ModelSummary {
  weights: Uint8Array | null;
}

interface ModelRow {
  id: number;
  name: string;
  architecture: string;
  spec: string;
  metrics: string;
  dataset_id: number | null;
  dataset_hash: string | null;
  parent_id: number | null;
  operation: ModelOperation;
  config: string;
  job_id: number | null;
  weights_bytes: number | null;
  created_at: string;
  weights?: Buffer | null;
}

const summaryColumns = `id, name, architecture, spec, metrics, dataset_id, dataset_hash, parent_id, operation, config, job_id,
  length(weights) AS weights_bytes, created_at`;

function toSummary(row: ModelRow): ModelSummary {
  const where = `model ${row.id}`;
  return {
    id: row.id,
    name: row.name,
    architecture: row.architecture,
    spec: parseJsonColumn(row.spec, where),
    metrics: parseJsonColumn(row.metrics, where),
    datasetId: row.dataset_id,
    datasetHash: row.dataset_hash,
    parentId: row.parent_id,
    operation: row.operation,
    config: parseJsonColumn(row.config, where),
    jobId: row.job_id,
    weightsBytes: row.weights_bytes ?? 0,
    createdAt: row.created_at,
  };
}

/** The name itself when no model has it, else the name with the first free ' (2)', ' (3)' … */
function unusedName(db: Database, name: string): string {
  const taken = new Set(db.prepare('SELECT name FROM models WHERE name = ? OR name LIKE ?').pluck().all(name, `${name} (%)`) as string[]);
  if (!taken.has(name)) return name;
  let k = 2;
  while (taken.has(`${name} (${k})`)) k++;
  return `${name} (${k})`;
}

/** Saves a model; a name another model already has gets a number, so names stay unique. */
export function saveModel(db: Database, draft: ModelDraft): ModelRecord {
  const id = Number(
    db
      .prepare(
        `INSERT INTO models (name, architecture, spec, weights, metrics, dataset_id, dataset_hash, parent_id, operation, config, job_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        unusedName(db, draft.name),
        draft.architecture,
        JSON.stringify(draft.spec),
        draft.weights && Buffer.from(draft.weights.buffer, draft.weights.byteOffset, draft.weights.byteLength),
        JSON.stringify(draft.metrics ?? {}),
        draft.datasetId ?? null,
        draft.datasetHash ?? null,
        draft.parentId ?? null,
        draft.operation,
        JSON.stringify(draft.config ?? {}),
        draft.jobId ?? null,
        nowIso(),
      ).lastInsertRowid,
  );
  return getModel(db, id);
}

export function getModel(db: Database, id: number): ModelRecord {
  const row = db.prepare(`SELECT ${summaryColumns}, weights FROM models WHERE id = ?`).get(id) as ModelRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `model ${id} does not exist in this project`);
  return { ...toSummary(row), weights: row.weights ? new Uint8Array(row.weights) : null };
}

/** Without weights, which can be megabytes each. */
export function listModels(db: Database): ModelSummary[] {
  return (db.prepare(`SELECT ${summaryColumns} FROM models ORDER BY id`).all() as ModelRow[]).map(toSummary);
}

export function deleteModel(db: Database, id: number): void {
  const { changes } = db.prepare('DELETE FROM models WHERE id = ?').run(id);
  if (changes === 0) throw new AppError('NOT_FOUND', `model ${id} does not exist in this project`);
}
