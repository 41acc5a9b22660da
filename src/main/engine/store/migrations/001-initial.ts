// Version 1 of the project schema. JSON columns hold JSON text so the file stays readable
// by any SQLite tool; sample tensors live in ~1 MB float32 chunks, indexed per sample.
import type { Migration } from './migration.ts';

const schema = `
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('imported', 'generated', 'distilled', 'augmented')),
  format TEXT NOT NULL,
  source_path TEXT,
  source_hash TEXT NOT NULL,
  length INTEGER NOT NULL CHECK (length > 0),
  params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
  sample_count INTEGER NOT NULL DEFAULT 0,
  snrs TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(snrs)),
  split_config TEXT CHECK (split_config IS NULL OR json_valid(split_config)),
  created_at TEXT NOT NULL
);
CREATE INDEX datasets_by_hash ON datasets (source_hash);

CREATE TABLE classes (
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (dataset_id, idx),
  UNIQUE (dataset_id, name)
) WITHOUT ROWID;

-- Consecutive samples of one dataset, float32 little-endian, each sample [2][length].
CREATE TABLE chunks (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  first_idx INTEGER NOT NULL,
  sample_count INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX chunks_by_dataset ON chunks (dataset_id, first_idx);

CREATE TABLE recordings (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  source_path TEXT,
  datatype TEXT,
  sample_rate REAL,
  center_frequency REAL,
  meta TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta))
);
CREATE INDEX recordings_by_dataset ON recordings (dataset_id);

CREATE TABLE annotations (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  recording_id INTEGER REFERENCES recordings (id) ON DELETE CASCADE,
  sample_start INTEGER NOT NULL,
  sample_count INTEGER NOT NULL,
  label TEXT,
  extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra))
);
CREATE INDEX annotations_by_dataset ON annotations (dataset_id, label);
CREATE INDEX annotations_by_recording ON annotations (recording_id);

CREATE TABLE samples (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  class_idx INTEGER NOT NULL,
  snr REAL,
  split TEXT NOT NULL DEFAULT 'unassigned' CHECK (split IN ('train', 'val', 'test', 'unassigned')),
  source_offset INTEGER NOT NULL,
  annotation_id INTEGER REFERENCES annotations (id) ON DELETE SET NULL,
  chunk_id INTEGER NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
  chunk_pos INTEGER NOT NULL
);
CREATE UNIQUE INDEX samples_by_position ON samples (dataset_id, idx);
CREATE INDEX samples_by_group ON samples (dataset_id, class_idx, snr, split);
CREATE INDEX samples_by_split ON samples (dataset_id, split, idx);
CREATE UNIQUE INDEX samples_by_chunk ON samples (chunk_id, chunk_pos);
CREATE INDEX samples_by_annotation ON samples (annotation_id) WHERE annotation_id IS NOT NULL;

CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  architecture TEXT NOT NULL,
  spec TEXT NOT NULL CHECK (json_valid(spec)),
  weights BLOB,
  metrics TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metrics)),
  dataset_id INTEGER REFERENCES datasets (id) ON DELETE SET NULL,
  dataset_hash TEXT,
  parent_id INTEGER REFERENCES models (id) ON DELETE SET NULL,
  operation TEXT NOT NULL CHECK (operation IN ('train', 'prune', 'fine-tune', 'distil', 'import')),
  config TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
  job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX models_by_parent ON models (parent_id);

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  config TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
  seed INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  phase TEXT NOT NULL DEFAULT '',
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  log TEXT NOT NULL DEFAULT '',
  result TEXT CHECK (result IS NULL OR json_valid(result)),
  error TEXT CHECK (error IS NULL OR json_valid(error)),
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX jobs_by_status ON jobs (status, id);

CREATE TABLE metrics (
  id INTEGER PRIMARY KEY,
  model_id INTEGER REFERENCES models (id) ON DELETE CASCADE,
  job_id INTEGER REFERENCES jobs (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  step INTEGER,
  snr REAL,
  value TEXT NOT NULL CHECK (json_valid(value)),
  created_at TEXT NOT NULL
);
CREATE INDEX metrics_by_model ON metrics (model_id, kind, step);
CREATE INDEX metrics_by_job ON metrics (job_id, kind, step);

CREATE TABLE exports (
  id INTEGER PRIMARY KEY,
  model_id INTEGER REFERENCES models (id) ON DELETE SET NULL,
  format TEXT NOT NULL,
  path TEXT NOT NULL,
  config TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
  report TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(report)),
  size_bytes INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX exports_by_model ON exports (model_id);
`;

export const migration: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(schema);
  },
};
