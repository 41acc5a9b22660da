// Cluster jobs: a job bundle submitted to a cluster's scheduler as one array job, and what
// became of each of its tasks (the scheduler's state, and whether its result was merged).
import type { Database } from 'better-sqlite3';
import type { ClusterTaskOutcome } from '../../../shared/cluster-jobs.ts';
import { AppError } from '../../../shared/errors.ts';
import { nowIso, parseJsonColumn } from './json.ts';


export interface ClusterJobDraft {
  kind: string;
  scheduler: 'slurm';
  host: string | null;
  bundleDir: string;
  localDir: string;
  bundleId: string;
  manifestSha256: string;
  jobId: number | null;
  options: Record<string, unknown>;
  taskCount: number;
}

export interface ClusterTask {
  task: number;
  schedulerState: string;
  outcome: ClusterTaskOutcome;
  jobId: number | null;
  resultSha256: string | null;
  mergedAt: string | null;
  message: string | null;
  updatedAt: string;
}

export interface ClusterJobRecord extends Omit<ClusterJobDraft, 'scheduler'> {
  id: number;
  scheduler: 'slurm';
  schedulerJobId: string | null;
  createdAt: string;
  updatedAt: string;
  tasks: ClusterTask[];
}

export interface ClusterTaskUpdate {
  schedulerState?: string;
  outcome?: ClusterTaskOutcome;
  jobId?: number | null;
  resultSha256?: string | null;
  mergedAt?: string | null;
  message?: string | null;
}

interface ClusterJobRow {
  id: number;
  kind: string;
  scheduler: 'slurm';
  scheduler_job_id: string | null;
  host: string | null;
  bundle_dir: string;
  local_dir: string;
  bundle_id: string;
  manifest_sha256: string;
  job_id: number | null;
  options: string;
  task_count: number;
  created_at: string;
  updated_at: string;
}

interface ClusterTaskRow {
  task: number;
  scheduler_state: string;
  outcome: ClusterTaskOutcome;
  job_id: number | null;
  result_sha256: string | null;
  merged_at: string | null;
  message: string | null;
  updated_at: string;
}

function tasksOf(db: Database, id: number): ClusterTask[] {
  const rows = db.prepare('SELECT * FROM cluster_tasks WHERE cluster_job_id = ? ORDER BY task').all(id) as ClusterTaskRow[];
  return rows.map((r) => ({
    task: r.task,
    schedulerState: r.scheduler_state,
    outcome: r.outcome,
    jobId: r.job_id,
    resultSha256: r.result_sha256,
    mergedAt: r.merged_at,
    message: r.message,
    updatedAt: r.updated_at,
  }));
}

function toRecord(db: Database, row: ClusterJobRow): ClusterJobRecord {
  return {
    id: row.id,
    kind: row.kind,
    scheduler: row.scheduler,
    schedulerJobId: row.scheduler_job_id,
    host: row.host,
    bundleDir: row.bundle_dir,
    localDir: row.local_dir,
    bundleId: row.bundle_id,
    manifestSha256: row.manifest_sha256,
    jobId: row.job_id,
    options: parseJsonColumn(row.options, `cluster job ${row.id}`),
    taskCount: row.task_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    tasks: tasksOf(db, row.id),
  };
}

/** The job and one pending row per task, in one transaction. */
export function createClusterJob(db: Database, draft: ClusterJobDraft): ClusterJobRecord {
  if (!Number.isInteger(draft.taskCount) || draft.taskCount < 1) throw new AppError('VALIDATION', `a cluster job needs at least one task, found ${draft.taskCount}`);
  return db.transaction(() => {
    const now = nowIso();
    const id = Number(
      db
        .prepare(
          `INSERT INTO cluster_jobs (kind, scheduler, host, bundle_dir, local_dir, bundle_id, manifest_sha256, job_id, options, task_count, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(draft.kind, draft.scheduler, draft.host, draft.bundleDir, draft.localDir, draft.bundleId, draft.manifestSha256, draft.jobId, JSON.stringify(draft.options), draft.taskCount, now, now)
        .lastInsertRowid,
    );
    const insertTask = db.prepare('INSERT INTO cluster_tasks (cluster_job_id, task, updated_at) VALUES (?, ?, ?)');
    for (let task = 0; task < draft.taskCount; task++) insertTask.run(id, task, now);
    return getClusterJob(db, id);
  })();
}

export function getClusterJob(db: Database, id: number): ClusterJobRecord {
  const row = db.prepare('SELECT * FROM cluster_jobs WHERE id = ?').get(id) as ClusterJobRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `cluster job ${id} does not exist in this project`);
  return toRecord(db, row);
}

export function listClusterJobs(db: Database): ClusterJobRecord[] {
  return (db.prepare('SELECT * FROM cluster_jobs ORDER BY id').all() as ClusterJobRow[]).map((r) => toRecord(db, r));
}

/** Records the scheduler's id once the submission was accepted. */
export function setSchedulerJobId(db: Database, id: number, schedulerJobId: string): void {
  const { changes } = db.prepare('UPDATE cluster_jobs SET scheduler_job_id = ?, updated_at = ? WHERE id = ?').run(schedulerJobId, nowIso(), id);
  if (changes === 0) throw new AppError('NOT_FOUND', `cluster job ${id} does not exist in this project`);
}

export function updateClusterTask(db: Database, id: number, task: number, update: ClusterTaskUpdate): void {
  const current = getClusterJob(db, id).tasks.find((t) => t.task === task);
  if (!current) throw new AppError('NOT_FOUND', `cluster job ${id} has no task ${task}`);
  const now = nowIso();
  const pick = <K extends keyof ClusterTaskUpdate>(k: K, fallback: ClusterTask[K]) => (update[k] === undefined ? fallback : update[k]);
  db.prepare(
    `UPDATE cluster_tasks SET scheduler_state = ?, outcome = ?, job_id = ?, result_sha256 = ?, merged_at = ?, message = ?, updated_at = ?
     WHERE cluster_job_id = ? AND task = ?`,
  ).run(
    pick('schedulerState', current.schedulerState),
    pick('outcome', current.outcome),
    pick('jobId', current.jobId),
    pick('resultSha256', current.resultSha256),
    pick('mergedAt', current.mergedAt),
    pick('message', current.message),
    now,
    id,
    task,
  );
  db.prepare('UPDATE cluster_jobs SET updated_at = ? WHERE id = ?').run(now, id);
}
