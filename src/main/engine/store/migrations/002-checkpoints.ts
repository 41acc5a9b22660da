// Version 2: training checkpoints, one row per job, replaced after every epoch so a job
// restarted after a crash resumes from its last finished epoch.
import type { Migration } from './migration.ts';

export const migration: Migration = {
  version: 2,
  name: 'checkpoints',
  up(db) {
    db.exec(`
CREATE TABLE checkpoints (
  job_id INTEGER PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (json_valid(state)),
  weights BLOB NOT NULL,
  best_weights BLOB,
  optimizer BLOB,
  updated_at TEXT NOT NULL
);`);
  },
};
