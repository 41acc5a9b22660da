// Dataset rows: listing, lookup, deletion and class × SNR counts. Only 'ready' datasets exist
// for these: one still being written (see dataset-writer.ts) is nobody's to see.
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import { markWriting, removeDatasetRows, thisWriterProcess, unmarkWriting } from './dataset-staging.ts';
import { parseJsonColumn } from './json.ts';
import type { DatasetInfo, DatasetKind, SplitConfig } from './types.ts';
import { writeTransaction } from './write-transaction.ts';

interface DatasetRow {
  id: number;
  name: string;
  kind: DatasetKind;
  format: string;
  source_path: string | null;
  source_hash: string;
  length: number;
  sample_count: number;
  params: string;
  snrs: string;
  split_config: string | null;
  content_hash: string | null;
  created_at: string;
}

export interface ClassSnrCounts {
  classes: string[];
  /** known SNRs, ascending (dB) */
  snrs: number[];
  /** counts[classIndex][snrIndex], aligned with classes and snrs */
  counts: number[][];
  /** per class, samples whose SNR is unknown */
  unknownSnr: number[];
  /** samples without a class (classIndex -1) */
  unlabelled: number;
  total: number;
}

function classNames(db: Database, datasetId: number): string[] {
  return db
    .prepare('SELECT name FROM classes WHERE dataset_id = ? ORDER BY idx')
    .pluck()
    .all(datasetId) as string[];
}

function toInfo(db: Database, row: DatasetRow): DatasetInfo {
  const where = `dataset ${row.id}`;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    format: row.format,
    sourcePath: row.source_path,
    sourceHash: row.source_hash,
    length: row.length,
    count: row.sample_count,
    classes: classNames(db, row.id),
    snrs: parseJsonColumn<number[]>(row.snrs, where),
    params: parseJsonColumn<Record<string, unknown>>(row.params, where),
    createdAt: row.created_at,
    split: row.split_config === null ? null : parseJsonColumn<SplitConfig>(row.split_config, where),
    contentHash: row.content_hash,
  };
}

export function listDatasets(db: Database): DatasetInfo[] {
  return db.transaction(() => {
    const rows = db.prepare("SELECT * FROM datasets WHERE state = 'ready' ORDER BY id").all() as DatasetRow[];
    return rows.map((row) => toInfo(db, row));
  })();
}

export function findDataset(db: Database, id: number): DatasetInfo | undefined {
  return db.transaction(() => {
    const row = db.prepare("SELECT * FROM datasets WHERE id = ? AND state = 'ready'").get(id) as DatasetRow | undefined;
    return row && toInfo(db, row);
  })();
}

export function getDataset(db: Database, id: number): DatasetInfo {
  const info = findDataset(db, id);
  if (!info) throw new AppError('NOT_FOUND', `dataset ${id} does not exist in this project`);
  return info;
}

export function findDatasetByHash(db: Database, hash: string): DatasetInfo | undefined {
  const id = db.prepare("SELECT id FROM datasets WHERE source_hash = ? AND state = 'ready' ORDER BY id LIMIT 1").pluck().get(hash) as
    | number
    | undefined;
  return id === undefined ? undefined : findDataset(db, id);
}

/** Replaces a dataset's params (a merged distilled set's lineage names the job that stood for its task). */
export function setDatasetParams(db: Database, id: number, params: Record<string, unknown>): void {
  const changed = db.prepare("UPDATE datasets SET params = ? WHERE id = ? AND state = 'ready'").run(JSON.stringify(params), id).changes;
  if (changed === 0) throw new AppError('NOT_FOUND', `dataset ${id} does not exist`);
}

/**
 * Hides the dataset in one short transaction, then removes its rows in batches, each a short
 * transaction of its own, so deleting a large dataset never holds the write lock for long. The
 * hidden row names this process as its writer: if it dies midway, the next open finishes the job.
 */
export function deleteDataset(db: Database, id: number): void {
  writeTransaction(db, () => {
    getDataset(db, id);
    db.prepare("UPDATE datasets SET state = 'writing', writer_process = ? WHERE id = ?").run(thisWriterProcess(), id);
  });
  markWriting(db, id);
  try {
    removeDatasetRows(db, id);
  } finally {
    unmarkWriting(db, id);
  }
}

export function countsByClassSnr(db: Database, datasetId: number): ClassSnrCounts {
  return db.transaction(() => {
    const info = getDataset(db, datasetId);
    const groups = db
      .prepare('SELECT class_idx, snr, count(*) FROM samples WHERE dataset_id = ? GROUP BY class_idx, snr')
      .raw()
      .all(datasetId) as [number, number | null, number][];
    const snrIndex = new Map(info.snrs.map((snr, i) => [snr, i]));
    const counts = info.classes.map(() => new Array<number>(info.snrs.length).fill(0));
    const unknownSnr = new Array<number>(info.classes.length).fill(0);
    let unlabelled = 0;
    let total = 0;
    for (const [classIdx, snr, n] of groups) {
      total += n;
      if (classIdx < 0) unlabelled += n;
      else if (snr === null) unknownSnr[classIdx]! += n;
      else counts[classIdx]![snrIndex.get(snr)!]! += n;
    }
    return { classes: info.classes, snrs: info.snrs, counts, unknownSnr, unlabelled, total };
  })();
}
