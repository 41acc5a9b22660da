// Copying rows from another project file into this one, over an ATTACHed connection: a job
// bundle's data (the datasets and models a task needs), a task's result file (what the task
// produced), and collect's merge of that result into the project. Samples and weights move
// inside SQLite, never through JavaScript arrays.
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import type { JobRecord } from './jobs.ts';
import { parseJsonColumn } from './json.ts';
import { projectApplicationId } from './open-database.ts';
import { writeTransaction } from './write-transaction.ts';

/** The schema name the other file is attached under. */
const source = 'transfer_source';

export interface TransferOptions {
  /** copied rows keep their ids (the target must not hold them yet), or get new ones */
  keepIds: boolean;
  /**
   * A reference to a row that is neither copied nor in the target: 'keep' writes the id as it
   * is (a result file pointing at its bundle's inputs; foreign keys are off for that copy),
   * 'drop' writes NULL.
   */
  danglingReferences: 'keep' | 'drop';
}

type MapKind = 'dataset' | 'recording' | 'annotation' | 'chunk' | 'job' | 'model';
type Table = 'datasets' | 'jobs' | 'models' | 'metrics';

const referenceTable: Record<MapKind, string> = {
  dataset: 'datasets', recording: 'recordings', annotation: 'annotations', chunk: 'chunks', job: 'jobs', model: 'models',
};

export class ProjectTransfer {
  constructor(
    private readonly db: Database,
    private readonly options: TransferOptions,
  ) {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS transfer_map (kind TEXT NOT NULL, old INTEGER NOT NULL, new INTEGER NOT NULL, PRIMARY KEY (kind, old)) WITHOUT ROWID');
    db.exec('DELETE FROM temp.transfer_map');
  }

  /** Ids of the source's rows of one table, ascending (a dataset still being written there is not one). */
  sourceIds(table: Table): number[] {
    const staged = table === 'datasets' && (this.db.prepare(`PRAGMA ${source}.table_info(datasets)`).all() as { name: string }[]).some((c) => c.name === 'state');
    return this.db.prepare(`SELECT id FROM ${source}.${table}${staged ? " WHERE state = 'ready'" : ''} ORDER BY id`).pluck().all() as number[];
  }

  sourceJob(id: number): Pick<JobRecord, 'id' | 'kind' | 'config' | 'seed' | 'status' | 'log' | 'result' | 'error'> {
    const row = this.db.prepare(`SELECT id, kind, config, seed, status, log, result, error FROM ${source}.jobs WHERE id = ?`).get(id) as
      | { id: number; kind: string; config: string; seed: number; status: JobRecord['status']; log: string; result: string | null; error: string | null }
      | undefined;
    if (!row) throw new AppError('NOT_FOUND', `job ${id} is not in the file being copied from`);
    const where = `job ${id} of the file being copied from`;
    return {
      id: row.id, kind: row.kind, config: parseJsonColumn(row.config, where), seed: row.seed, status: row.status, log: row.log,
      result: row.result === null ? null : parseJsonColumn(row.result, where),
      error: row.error === null ? null : parseJsonColumn(row.error, where),
    };
  }

  /** The id a copied row got here; undefined when it was not copied. */
  mapped(kind: MapKind, oldId: number): number | undefined {
    return this.db.prepare('SELECT new FROM temp.transfer_map WHERE kind = ? AND old = ?').pluck().get(kind, oldId) as number | undefined;
  }

  /** References to the source's row `oldId` mean `newId` here, for a row that is not copied (a job recorded already). */
  alias(kind: MapKind, oldId: number, newId: number): void {
    this.db.prepare('INSERT INTO temp.transfer_map (kind, old, new) VALUES (?, ?, ?)').run(kind, oldId, newId);
  }

  /** Each dataset with its classes, recordings, annotations, chunks and samples. */
  copyDatasets(ids: readonly number[]): void {
    for (const id of ids) this.copyDataset(id);
  }

  /** Jobs as they are recorded (status, log, result), without their checkpoints. */
  copyJobs(ids: readonly number[]): void {
    for (const id of ids) this.copyRow('jobs', 'job', id, {});
  }

  /** Models in id order, so a parent copied along is there before its children. */
  copyModels(ids: readonly number[]): void {
    for (const id of [...ids].sort((a, b) => a - b)) {
      this.copyRow('models', 'model', id, { dataset_id: 'dataset', parent_id: 'model', job_id: 'job' });
    }
  }

  /** Metrics whose model and job are copied or present; others would belong to nothing. */
  copyMetrics(ids: readonly number[]): void {
    for (const id of ids) this.copyRow('metrics', null, id, { model_id: 'model', job_id: 'job' });
  }

  private columns(table: string): string[] {
    const target = (this.db.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    const present = new Set((this.db.prepare(`PRAGMA ${source}.table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
    const missing = target.filter((c) => !present.has(c));
    if (missing.length) throw new AppError('UNSUPPORTED', `the file being copied from has no ${table}.${missing.join(', ')}: it was written by another version of the schema`);
    return target;
  }

  /** SQL for a referenced id: its copy's id, else the id itself if kept or present here, else NULL. */
  private reference(kind: MapKind, expr: string): string {
    const copied = `(SELECT new FROM temp.transfer_map WHERE kind = '${kind}' AND old = ${expr})`;
    const kept = this.options.danglingReferences === 'keep' ? expr : `(SELECT id FROM main.${referenceTable[kind]} WHERE id = ${expr})`;
    return `coalesce(${copied}, ${kept})`;
  }

  /** Copies one row; `refs` names the columns that hold ids of other rows and what they point at. */
  private copyRow(table: string, kind: MapKind | null, id: number, refs: Record<string, MapKind>, fixed: Record<string, unknown> = {}): number {
    const all = this.columns(table);
    const cols = this.options.keepIds ? all : all.filter((c) => c !== 'id');
    const exprs = cols.map((c) => (c in fixed ? `@${c}` : c in refs ? this.reference(refs[c]!, `s.${c}`) : `s.${c}`));
    const info = this.db.prepare(`INSERT INTO main.${table} (${cols.join(', ')}) SELECT ${exprs.join(', ')} FROM ${source}.${table} s WHERE s.id = @id`).run({ ...fixed, id });
    if (info.changes !== 1) throw new AppError('NOT_FOUND', `${table} row ${id} is not in the file being copied from`);
    const newId = this.options.keepIds ? id : Number(info.lastInsertRowid);
    if (kind) this.alias(kind, id, newId);
    return newId;
  }

  private copyDataset(id: number): void {
    const datasetId = this.copyRow('datasets', 'dataset', id, {});
    const db = this.db;
    db.prepare(`INSERT INTO main.classes (dataset_id, idx, name) SELECT ?, idx, name FROM ${source}.classes WHERE dataset_id = ?`).run(datasetId, id);
    const children = (table: string): number[] => db.prepare(`SELECT id FROM ${source}.${table} WHERE dataset_id = ? ORDER BY id`).pluck().all(id) as number[];
    const owned = { dataset_id: datasetId };
    for (const r of children('recordings')) this.copyRow('recordings', 'recording', r, {}, owned);
    for (const a of children('annotations')) this.copyRow('annotations', 'annotation', a, { recording_id: 'recording' }, owned);
    for (const c of children('chunks')) this.copyRow('chunks', 'chunk', c, {}, owned);
    const cols = this.columns('samples').filter((c) => this.options.keepIds || c !== 'id');
    const exprs = cols.map((c) =>
      c === 'dataset_id' ? '@datasetId' : c === 'chunk_id' ? this.reference('chunk', 's.chunk_id') : c === 'annotation_id' ? this.reference('annotation', 's.annotation_id') : `s.${c}`,
    );
    db.prepare(`INSERT INTO main.samples (${cols.join(', ')}) SELECT ${exprs.join(', ')} FROM ${source}.samples s WHERE s.dataset_id = @id ORDER BY s.idx`).run({ datasetId, id });
  }
}

/**
 * Attaches `path`, runs `fn` in one transaction with a transfer from it, and detaches: all of
 * fn's writes land together or not at all. Foreign keys are off for the copy when dangling
 * references are kept.
 */
export function transferFrom<T>(db: Database, path: string, options: TransferOptions, fn: (transfer: ProjectTransfer) => T): T {
  if (db.inTransaction) throw new AppError('INTERNAL', 'a transfer cannot start inside another transaction');
  const relaxKeys = options.danglingReferences === 'keep';
  db.prepare(`ATTACH DATABASE ? AS ${source}`).run(path);
  try {
    const appId = db.pragma(`${source}.application_id`, { simple: true }) as number;
    const version = db.pragma(`${source}.user_version`, { simple: true }) as number;
    if (appId !== projectApplicationId) throw new AppError('NOT_A_PROJECT', `${path}: not an AMR Studio project file`);
    if (version > (db.pragma('main.user_version', { simple: true }) as number)) {
      throw new AppError('PROJECT_VERSION', `${path}: written by a newer AMR Studio (schema version ${version}); update AMR Studio here to read it`);
    }
    if (relaxKeys) db.pragma('foreign_keys = OFF');
    try {
      return writeTransaction(db, () => fn(new ProjectTransfer(db, options)));
    } finally {
      if (relaxKeys) db.pragma('foreign_keys = ON');
    }
  } finally {
    db.exec(`DETACH DATABASE ${source}`);
  }
}
