// Job records: what ran, with which config and seed, how far it got, and what it produced.
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import { nowIso, parseJsonColumn } from './json.ts';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobDraft {
  kind: string;
  config: Record<string, unknown>;
  seed: number;
}

export interface JobRecord {
  id: number;
  kind: string;
  config: Record<string, unknown>;
  seed: number;
  status: JobStatus;
  phase: string;
  done: number;
  total: number;
  log: string;
  result: unknown;
  error: { code: string; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface JobUpdate {
  status?: JobStatus;
  phase?: string;
  done?: number;
  total?: number;
  result?: unknown;
  error?: { code: string; message: string } | null;
  /** lines appended to the job log */
  appendLog?: string;
}

interface JobRow {
  id: number;
  kind: string;
  config: string;
  seed: number;
  status: JobStatus;
  phase: string;
  done: number;
  total: number;
  log: string;
  result: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

const finished: readonly JobStatus[] = ['done', 'failed', 'cancelled'];

function toRecord(row: JobRow): JobRecord {
  const where = `job ${row.id}`;
  return {
    id: row.id,
    kind: row.kind,
    config: parseJsonColumn(row.config, where),
    seed: row.seed,
    status: row.status,
    phase: row.phase,
    done: row.done,
    total: row.total,
    log: row.log,
    result: row.result === null ? null : parseJsonColumn(row.result, where),
    error: row.error === null ? null : parseJsonColumn(row.error, where),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  };
}

export function createJob(db: Database, draft: JobDraft): JobRecord {
  if (!Number.isInteger(draft.seed)) throw new AppError('VALIDATION', `job seed must be an integer, found ${draft.seed}`);
  const now = nowIso();
  const id = Number(
    db
      .prepare('INSERT INTO jobs (kind, config, seed, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(draft.kind, JSON.stringify(draft.config), draft.seed, now, now).lastInsertRowid,
  );
  return getJob(db, id);
}

export function getJob(db: Database, id: number): JobRecord {
  const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `job ${id} does not exist in this project`);
  return toRecord(row);
}

export function listJobs(db: Database, filter: { status?: JobStatus; kind?: string } = {}): JobRecord[] {
  const rows = db
    .prepare(
      `SELECT * FROM jobs WHERE (@status IS NULL OR status = @status) AND (@kind IS NULL OR kind = @kind) ORDER BY id`,
    )
    .all({ status: filter.status ?? null, kind: filter.kind ?? null }) as JobRow[];
  return rows.map(toRecord);
}

/** One short transaction; sets started/finished timestamps when the status says so. */
export function updateJob(db: Database, id: number, update: JobUpdate): JobRecord {
  return db.transaction(() => {
    const current = getJob(db, id);
    const now = nowIso();
    const status = update.status ?? current.status;
    db.prepare(
      `UPDATE jobs SET status = ?, phase = ?, done = ?, total = ?, log = log || ?, result = ?, error = ?,
         started_at = ?, finished_at = ?, updated_at = ? WHERE id = ?`,
    ).run(
      status,
      update.phase ?? current.phase,
      update.done ?? current.done,
      update.total ?? current.total,
      update.appendLog ?? '',
      update.result === undefined ? (current.result === null ? null : JSON.stringify(current.result)) : JSON.stringify(update.result),
      update.error === undefined ? (current.error && JSON.stringify(current.error)) : update.error && JSON.stringify(update.error),
      current.startedAt ?? (status === 'running' ? now : null),
      current.finishedAt ?? (finished.includes(status) ? now : null),
      now,
      id,
    );
    return getJob(db, id);
  })();
}
