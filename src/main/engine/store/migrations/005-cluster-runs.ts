// Version 5: clustering runs with their per-sample assignments, and a dataset kind 'labelled' for
// the datasets written from named clusters. SQLite cannot widen a CHECK in place, so the
// datasets table is rebuilt (same columns, same rows, same ids) with foreign keys off.
import type { Migration } from './migration.ts';

const datasetColumns = 'id, name, kind, format, source_path, source_hash, length, params, sample_count, snrs, split_config, created_at, content_hash';

export const migration: Migration = {
  version: 5,
  name: 'cluster runs',
  rebuildsTables: true,
  up(db) {
    db.exec(`
CREATE TABLE datasets_next (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('imported', 'generated', 'distilled', 'augmented', 'labelled')),
  format TEXT NOT NULL,
  source_path TEXT,
  source_hash TEXT NOT NULL,
  length INTEGER NOT NULL CHECK (length > 0),
  params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
  sample_count INTEGER NOT NULL DEFAULT 0,
  snrs TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(snrs)),
  split_config TEXT CHECK (split_config IS NULL OR json_valid(split_config)),
  created_at TEXT NOT NULL,
  content_hash TEXT
);
INSERT INTO datasets_next (${datasetColumns}) SELECT ${datasetColumns} FROM datasets;
DROP TABLE datasets;
ALTER TABLE datasets_next RENAME TO datasets;
CREATE INDEX datasets_by_hash ON datasets (source_hash);
CREATE INDEX datasets_by_content ON datasets (content_hash);

CREATE TABLE cluster_runs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
  target_dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  source_dataset_id INTEGER REFERENCES datasets (id) ON DELETE SET NULL,
  k INTEGER NOT NULL CHECK (k >= 1),
  seed INTEGER NOT NULL,
  config TEXT NOT NULL CHECK (json_valid(config)),
  result TEXT NOT NULL CHECK (json_valid(result)),
  -- cluster names and the merge/split edits made since the run
  clusters TEXT NOT NULL DEFAULT '{"names":{},"edits":[]}' CHECK (json_valid(clusters)),
  -- n × d float32 embeddings of the target in sample-id order, for splitting a cluster later
  embeddings BLOB NOT NULL,
  dimension INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX cluster_runs_by_target ON cluster_runs (target_dataset_id);

CREATE TABLE cluster_assignments (
  run_id INTEGER NOT NULL REFERENCES cluster_runs (id) ON DELETE CASCADE,
  sample_id INTEGER NOT NULL REFERENCES samples (id) ON DELETE CASCADE,
  -- position of the sample in the run's target order (row of the embeddings)
  position INTEGER NOT NULL,
  cluster INTEGER NOT NULL,
  confidence REAL NOT NULL,
  PRIMARY KEY (run_id, sample_id)
) WITHOUT ROWID;
CREATE INDEX cluster_assignments_by_cluster ON cluster_assignments (run_id, cluster);
`);
  },
};
