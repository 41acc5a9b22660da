// Metrics of models and jobs: per epoch, per SNR, confusion matrices — each value JSON.
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import { nowIso, parseJsonColumn } from './json.ts';

export interface MetricDraft {
  modelId?: number | null;
  jobId?: number | null;
  /** e.g. 'epoch', 'snr', 'confusion', 'summary' */
  kind: string;
  /** epoch or iteration number */
  step?: number | null;
  /** dB, for per-SNR metrics */
  snr?: number | null;
  value: unknown;
}

export interface MetricRecord {
  id: number;
  modelId: number | null;
  jobId: number | null;
  kind: string;
  step: number | null;
  snr: number | null;
  value: unknown;
  createdAt: string;
}

interface MetricRow {
  id: number;
  model_id: number | null;
  job_id: number | null;
  kind: string;
  step: number | null;
  snr: number | null;
  value: string;
  created_at: string;
}

/** Saves several metrics in one transaction; returns their ids. */
export function saveMetrics(db: Database, metrics: MetricDraft[]): number[] {
  for (const m of metrics) {
    if (m.modelId == null && m.jobId == null) {
      throw new AppError('VALIDATION', `metric "${m.kind}" must belong to a model or a job`);
    }
  }
  const insert = db.prepare(
    'INSERT INTO metrics (model_id, job_id, kind, step, snr, value, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  return db.transaction(() => {
    const now = nowIso();
    return metrics.map((m) =>
      Number(insert.run(m.modelId ?? null, m.jobId ?? null, m.kind, m.step ?? null, m.snr ?? null, JSON.stringify(m.value), now).lastInsertRowid),
    );
  })();
}

export function listMetrics(db: Database, filter: { modelId?: number; jobId?: number; kind?: string }): MetricRecord[] {
  const rows = db
    .prepare(
      `SELECT * FROM metrics WHERE (@modelId IS NULL OR model_id = @modelId) AND (@jobId IS NULL OR job_id = @jobId) AND (@kind IS NULL OR kind = @kind)
       ORDER BY kind, step, snr, id`,
    )
    .all({ modelId: filter.modelId ?? null, jobId: filter.jobId ?? null, kind: filter.kind ?? null }) as MetricRow[];
  return rows.map((r) => ({
    id: r.id,
    modelId: r.model_id,
    jobId: r.job_id,
    kind: r.kind,
    step: r.step,
    snr: r.snr,
    value: parseJsonColumn(r.value, `metric ${r.id}`),
    createdAt: r.created_at,
  }));
}
