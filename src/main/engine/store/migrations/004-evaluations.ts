// Version 4: evaluations as records of their own (a model's headline figure is never
// overwritten by a later evaluation), and each dataset's hash of its decoded samples, so the
// same data imported from differently encoded files is recognised.
import type { Migration } from './migration.ts';

export const migration: Migration = {
  version: 4,
  name: 'evaluations',
  up(db) {
    db.exec(`
CREATE TABLE evaluations (
  id INTEGER PRIMARY KEY,
  model_id INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
  dataset_id INTEGER REFERENCES datasets (id) ON DELETE SET NULL,
  dataset_name TEXT NOT NULL,
  dataset_hash TEXT NOT NULL,
  split TEXT NOT NULL CHECK (split IN ('train', 'val', 'test', 'all')),
  class_map TEXT NOT NULL CHECK (json_valid(class_map)),
  includes_training INTEGER NOT NULL CHECK (includes_training IN (0, 1)),
  sample_count INTEGER NOT NULL,
  metrics TEXT NOT NULL CHECK (json_valid(metrics)),
  job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX evaluations_by_model ON evaluations (model_id, id);
ALTER TABLE datasets ADD COLUMN content_hash TEXT;
CREATE INDEX datasets_by_content ON datasets (content_hash);`);
  },
};
