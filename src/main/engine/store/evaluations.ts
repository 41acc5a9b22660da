// Evaluation records: one model scored on one selection of one dataset. They sit beside the
// model and never change its own figures.
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import { nowIso, parseJsonColumn } from './json.ts';

export type EvaluationSplit = 'train' | 'val' | 'test' | 'all';

export interface EvaluationDraft {
  modelId: number;
  datasetId: number;
  /** the dataset's name and source hash as they were: the record outlives a deleted dataset */
  datasetName: string;
  datasetHash: string;
  split: EvaluationSplit;
  /** dataset class → the model class it was scored as (null: left out) */
  classMap: Record<string, string | null>;
  /** some samples were in the model's training data (only ever on an explicit request) */
  includesTraining: boolean;
  sampleCount: number;
  metrics: Record<string, unknown>;
  jobId: number | null;
}

export interface EvaluationRecord extends Omit<EvaluationDraft, 'datasetId'> {
  id: number;
  /** null once the dataset is deleted */
  datasetId: number | null;
  createdAt: string;
}

interface EvaluationRow {
  id: number;
  model_id: number;
  dataset_id: number | null;
  dataset_name: string;
  dataset_hash: string;
  split: EvaluationSplit;
  class_map: string;
  includes_training: number;
  sample_count: number;
  metrics: string;
  job_id: number | null;
  created_at: string;
}

function toRecord(r: EvaluationRow): EvaluationRecord {
  const where = `evaluation ${r.id}`;
  return {
    id: r.id,
    modelId: r.model_id,
    datasetId: r.dataset_id,
    datasetName: r.dataset_name,
    datasetHash: r.dataset_hash,
    split: r.split,
    classMap: parseJsonColumn(r.class_map, where),
    includesTraining: r.includes_training === 1,
    sampleCount: r.sample_count,
    metrics: parseJsonColumn(r.metrics, where),
    jobId: r.job_id,
    createdAt: r.created_at,
  };
}

export function saveEvaluation(db: Database, d: EvaluationDraft): EvaluationRecord {
  const id = Number(
    db
      .prepare(
        `INSERT INTO evaluations (model_id, dataset_id, dataset_name, dataset_hash, split, class_map, includes_training, sample_count, metrics, job_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(d.modelId, d.datasetId, d.datasetName, d.datasetHash, d.split, JSON.stringify(d.classMap), d.includesTraining ? 1 : 0, d.sampleCount, JSON.stringify(d.metrics), d.jobId, nowIso())
      .lastInsertRowid,
  );
  return getEvaluation(db, id);
}

export function getEvaluation(db: Database, id: number): EvaluationRecord {
  const row = db.prepare('SELECT * FROM evaluations WHERE id = ?').get(id) as EvaluationRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `evaluation ${id} does not exist in this project`);
  return toRecord(row);
}

/** Oldest first. */
export function listEvaluations(db: Database, filter: { modelId?: number } = {}): EvaluationRecord[] {
  const rows = db.prepare('SELECT * FROM evaluations WHERE (@modelId IS NULL OR model_id = @modelId) ORDER BY id').all({ modelId: filter.modelId ?? null }) as EvaluationRow[];
  return rows.map(toRecord);
}
