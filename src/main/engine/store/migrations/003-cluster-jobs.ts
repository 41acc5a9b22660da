// Version 3: work sent to a cluster scheduler as a job bundle. A cluster job is one array job
// (one task per cell); each task's result is merged into the project once, by collect.
import type { Migration } from './migration.ts';

export const migration: Migration = {
  version: 3,
  name: 'cluster jobs',
  up(db) {
    db.exec(`
CREATE TABLE cluster_jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  scheduler TEXT NOT NULL CHECK (scheduler IN ('slurm')),
  scheduler_job_id TEXT,
  -- ssh destination of the login node; NULL when the scheduler's commands run on this machine
  host TEXT,
  bundle_dir TEXT NOT NULL,
  -- where results are fetched to and read from here (the bundle folder itself when local)
  local_dir TEXT NOT NULL,
  bundle_id TEXT NOT NULL UNIQUE,
  manifest_sha256 TEXT NOT NULL,
  -- the project job whose result gathers the tasks' results (a study's table), if any
  job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
  options TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options)),
  task_count INTEGER NOT NULL CHECK (task_count > 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE cluster_tasks (
  cluster_job_id INTEGER NOT NULL REFERENCES cluster_jobs (id) ON DELETE CASCADE,
  task INTEGER NOT NULL CHECK (task >= 0),
  -- the scheduler's word for the task when last asked (PENDING, RUNNING, COMPLETED, FAILED, ...)
  scheduler_state TEXT NOT NULL DEFAULT 'SUBMITTED',
  outcome TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'merged', 'failed')),
  -- the project job that holds this task's merged result, when tasks get one each
  job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
  result_sha256 TEXT,
  merged_at TEXT,
  message TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (cluster_job_id, task)
) WITHOUT ROWID;`);
  },
};
