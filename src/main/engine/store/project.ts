// ProjectStore: one connection to one *.amrproj file and every repository over it.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { AppError, toErrorData } from '../../../shared/errors.ts';
import type { ProjectInfo } from '../../../shared/dto.ts';
import * as checkpoints from './checkpoints.ts';
import * as clusterJobs from './cluster-jobs.ts';
import * as clusterRuns from './cluster-runs.ts';
import { beginDataset } from './dataset-writer.ts';
import * as datasets from './datasets.ts';
import * as evaluations from './evaluations.ts';
import * as exportsRepo from './exports.ts';
import * as jobs from './jobs.ts';
import * as metrics from './metrics.ts';
import { migrations as allMigrations, latestSchemaVersion } from './migrations/index.ts';
import { readSqliteHeader } from './file-header.ts';
import type { Migration } from './migrations/migration.ts';
import * as models from './models.ts';
import { leaveWal, openDatabase } from './open-database.ts';
import { writeTransaction } from './write-transaction.ts';
import { transferFrom, type ProjectTransfer, type TransferOptions } from './project-transfer.ts';
import * as samples from './samples.ts';
import { assignSplits, type SplitCounts } from './splits.ts';
import type { DatasetDraft, DatasetInfo, DatasetWriter, LoadedSamples, SampleFilter, SplitConfig } from './types.ts';

export interface OpenProjectOptions {
  /** create the file when it does not exist */
  create?: boolean;
  readonly?: boolean;
  /** schema steps to apply; defaults to all of them (tests pass fewer to make old files) */
  migrations?: readonly Migration[];
  /** how long a write waits while another process writes, before PROJECT_BUSY (default 30 s) */
  busyWaitMs?: number;
}

export class ProjectStore {
  readonly path: string;
  /** opened for reading only: every write is refused */
  readonly readOnly: boolean;
  private db: Database | null;

  constructor(path: string, options: OpenProjectOptions = {}) {
    this.path = resolve(path);
    this.readOnly = options.readonly ?? false;
    this.db = openDatabase(this.path, { ...options, migrations: options.migrations ?? allMigrations });
  }

  private get connection(): Database {
    if (!this.db) throw new AppError('INTERNAL', `${this.path}: project is closed`);
    return this.db;
  }

  /** Every write goes through here: it takes the write lock first, waiting for another writer (see write-transaction.ts). */
  private write<T>(fn: (db: Database) => T): T {
    const db = this.connection;
    return writeTransaction(db, () => fn(db));
  }

  // Datasets
  beginDataset(draft: DatasetDraft): DatasetWriter {
    return beginDataset(this.connection, draft);
  }
  listDatasets(): DatasetInfo[] {
    return datasets.listDatasets(this.connection);
  }
  getDataset(id: number): DatasetInfo {
    return datasets.getDataset(this.connection, id);
  }
  /** Takes its own short transactions (see datasets.deleteDataset). */
  deleteDataset(id: number): void {
    datasets.deleteDataset(this.connection, id);
  }
  setDatasetParams(id: number, params: Record<string, unknown>): void {
    this.write((db) => datasets.setDatasetParams(db, id, params));
  }
  findDatasetByHash(hash: string): DatasetInfo | undefined {
    return datasets.findDatasetByHash(this.connection, hash);
  }
  countsByClassSnr(datasetId: number): datasets.ClassSnrCounts {
    return datasets.countsByClassSnr(this.connection, datasetId);
  }
  assignSplits(datasetId: number, config: SplitConfig): SplitCounts {
    return this.write((db) => assignSplits(db, datasetId, config));
  }

  // Samples
  loadSamples(filter: SampleFilter): LoadedSamples {
    return samples.loadSamples(this.connection, filter);
  }
  streamBatches(filter: SampleFilter, batchSize: number, options?: samples.StreamOptions): Generator<LoadedSamples, void, undefined> {
    return samples.streamBatches(this.connection, filter, batchSize, options);
  }
  pageSamples(filter: SampleFilter, page: { offset: number; limit: number }): samples.SamplePage {
    return samples.pageSamples(this.connection, filter, page);
  }
  getSample(id: number): samples.SampleDetail {
    return samples.getSample(this.connection, id);
  }

  // Models, jobs, metrics, exports
  saveModel(draft: models.ModelDraft): models.ModelRecord {
    return this.write((db) => models.saveModel(db, draft));
  }
  getModel(id: number): models.ModelRecord {
    return models.getModel(this.connection, id);
  }
  listModels(): models.ModelSummary[] {
    return models.listModels(this.connection);
  }
  deleteModel(id: number): void {
    this.write((db) => models.deleteModel(db, id));
  }
  createJob(draft: jobs.JobDraft): jobs.JobRecord {
    return this.write((db) => jobs.createJob(db, draft));
  }
  updateJob(id: number, update: jobs.JobUpdate): jobs.JobRecord {
    return this.write((db) => jobs.updateJob(db, id, update));
  }
  getJob(id: number): jobs.JobRecord {
    return jobs.getJob(this.connection, id);
  }
  listJobs(filter?: { status?: jobs.JobStatus; kind?: string }): jobs.JobRecord[] {
    return jobs.listJobs(this.connection, filter);
  }
  saveCheckpoint(checkpoint: Omit<checkpoints.Checkpoint, 'updatedAt'>): void {
    this.write((db) => checkpoints.saveCheckpoint(db, checkpoint));
  }
  findCheckpoint(jobId: number): checkpoints.Checkpoint | undefined {
    return checkpoints.findCheckpoint(this.connection, jobId);
  }
  deleteCheckpoint(jobId: number): void {
    this.write((db) => checkpoints.deleteCheckpoint(db, jobId));
  }
  saveMetrics(entries: metrics.MetricDraft[]): number[] {
    return this.write((db) => metrics.saveMetrics(db, entries));
  }
  listMetrics(filter: { modelId?: number; jobId?: number; kind?: string }): metrics.MetricRecord[] {
    return metrics.listMetrics(this.connection, filter);
  }
  saveEvaluation(draft: evaluations.EvaluationDraft): evaluations.EvaluationRecord {
    return this.write((db) => evaluations.saveEvaluation(db, draft));
  }
  listEvaluations(filter?: { modelId?: number }): evaluations.EvaluationRecord[] {
    return evaluations.listEvaluations(this.connection, filter);
  }
  saveExport(draft: exportsRepo.ExportDraft): exportsRepo.ExportRecord {
    return this.write((db) => exportsRepo.saveExport(db, draft));
  }
  listExports(filter?: { modelId?: number }): exportsRepo.ExportRecord[] {
    return exportsRepo.listExports(this.connection, filter);
  }

  createClusterJob(draft: clusterJobs.ClusterJobDraft): clusterJobs.ClusterJobRecord {
    return this.write((db) => clusterJobs.createClusterJob(db, draft));
  }
  getClusterJob(id: number): clusterJobs.ClusterJobRecord {
    return clusterJobs.getClusterJob(this.connection, id);
  }
  listClusterJobs(): clusterJobs.ClusterJobRecord[] {
    return clusterJobs.listClusterJobs(this.connection);
  }
  setSchedulerJobId(id: number, schedulerJobId: string): void {
    this.write((db) => clusterJobs.setSchedulerJobId(db, id, schedulerJobId));
  }
  updateClusterTask(id: number, task: number, update: clusterJobs.ClusterTaskUpdate): void {
    this.write((db) => clusterJobs.updateClusterTask(db, id, task, update));
  }

  /** Copies rows of another project file into this one, in one transaction (see project-transfer.ts). */
  transferFrom<T>(sourcePath: string, options: TransferOptions, fn: (transfer: ProjectTransfer) => T): T {
    return transferFrom(this.connection, resolve(sourcePath), options, fn);
  }

  /** Runs fn in one write transaction: everything it writes is committed together, or nothing is (it nests). */
  transaction<T>(fn: () => T): T {
    return this.write(fn);
  }

  // Clustering runs
  saveClusterRun(draft: clusterRuns.ClusterRunDraft): clusterRuns.ClusterRunSummary {
    return this.write((db) => clusterRuns.saveClusterRun(db, draft));
  }
  getClusterRun(id: number): clusterRuns.ClusterRunSummary {
    return clusterRuns.getClusterRun(this.connection, id);
  }
  listClusterRuns(filter?: { targetDatasetId?: number }): clusterRuns.ClusterRunSummary[] {
    return clusterRuns.listClusterRuns(this.connection, filter);
  }
  clusterMembership(runId: number): clusterRuns.ClusterMembership {
    return clusterRuns.clusterMembership(this.connection, runId);
  }
  clusterEmbeddings(runId: number): { values: Float32Array; dimension: number } {
    return clusterRuns.clusterEmbeddings(this.connection, runId);
  }
  nameClusters(runId: number, names: Record<number, string>): clusterRuns.ClusterRunSummary {
    return this.write((db) => clusterRuns.nameClusters(db, runId, names));
  }
  mergeClusters(runId: number, from: number, into: number): clusterRuns.ClusterRunSummary {
    return this.write((db) => clusterRuns.mergeClusters(db, runId, from, into));
  }
  splitCluster(runId: number, cluster: number, positions: readonly number[], seed: number): clusterRuns.ClusterRunSummary {
    return this.write((db) => clusterRuns.splitCluster(db, runId, cluster, positions, seed));
  }
  deleteClusterRun(runId: number): void {
    this.write((db) => clusterRuns.deleteClusterRun(db, runId));
  }

  // The file
  info(): ProjectInfo {
    const db = this.connection;
    const counts = db
      .prepare("SELECT (SELECT count(*) FROM datasets WHERE state = 'ready'), (SELECT coalesce(sum(sample_count), 0) FROM datasets WHERE state = 'ready'), (SELECT count(*) FROM models)")
      .raw()
      .get() as [number, number, number];
    const wal = `${this.path}-wal`;
    return {
      path: this.path,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      sizeBytes: statSync(this.path).size + (existsSync(wal) ? statSync(wal).size : 0),
      datasets: counts[0],
      samples: counts[1],
      models: counts[2],
    };
  }

  /** A compact, consistent copy ("save as"), taken while the project stays open. */
  backupTo(target: string): void {
    const file = resolve(target);
    if (existsSync(file)) throw new AppError('VALIDATION', `${file}: already exists; choose a new file name`);
    this.connection.prepare('VACUUM INTO ?').run(file);
  }

  /** Folds into the file what of the WAL no reader still needs, without waiting (after each job result, say). */
  foldWal(): void {
    if (!this.readOnly) this.connection.pragma('wal_checkpoint(PASSIVE)');
  }

  /** Closes without waiting for anyone; the last writer to close leaves a complete file (see leaveWal). */
  close(): void {
    if (!this.db) return;
    const db = this.db;
    this.db = null;
    try {
      if (!this.readOnly) {
        if (db.inTransaction) db.exec('ROLLBACK');
        leaveWal(db);
      }
    } finally {
      db.close();
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

export function openProject(path: string, options: OpenProjectOptions = {}): ProjectStore {
  return new ProjectStore(path, options);
}

/**
 * For commands that only read: a read-only store, after bringing an older file's schema up to
 * date (as any open did before) where the file can be written.
 */
export function openProjectForReading(path: string): ProjectStore {
  const header = existsSync(path) ? readSqliteHeader(path) : null;
  if (header && header.userVersion < latestSchemaVersion) {
    try {
      openProject(path).close();
    } catch (err) {
      if (toErrorData(err).code !== 'READ_ONLY') throw err;
    }
  }
  return openProject(path, { readonly: true });
}
