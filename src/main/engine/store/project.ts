// ProjectStore: one connection to one *.amrproj file and every repository over it.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
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
import { migrations as allMigrations } from './migrations/index.ts';
import type { Migration } from './migrations/migration.ts';
import * as models from './models.ts';
import { openDatabase } from './open-database.ts';
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
}

export class ProjectStore {
  readonly path: string;
  private db: Database | null;

  constructor(path: string, options: OpenProjectOptions = {}) {
    this.path = resolve(path);
    this.db = openDatabase(this.path, { ...options, migrations: options.migrations ?? allMigrations });
  }

  private get connection(): Database {
    if (!this.db) throw new AppError('INTERNAL', `${this.path}: project is closed`);
    return this.db;
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
  deleteDataset(id: number): void {
    datasets.deleteDataset(this.connection, id);
  }
  setDatasetParams(id: number, params: Record<string, unknown>): void {
    datasets.setDatasetParams(this.connection, id, params);
  }
  findDatasetByHash(hash: string): DatasetInfo | undefined {
    return datasets.findDatasetByHash(this.connection, hash);
  }
  countsByClassSnr(datasetId: number): datasets.ClassSnrCounts {
    return datasets.countsByClassSnr(this.connection, datasetId);
  }
  assignSplits(datasetId: number, config: SplitConfig): SplitCounts {
    return assignSplits(this.connection, datasetId, config);
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
    return models.saveModel(this.connection, draft);
  }
  getModel(id: number): models.ModelRecord {
    return models.getModel(this.connection, id);
  }
  listModels(): models.ModelSummary[] {
    return models.listModels(this.connection);
  }
  deleteModel(id: number): void {
    models.deleteModel(this.connection, id);
  }
  createJob(draft: jobs.JobDraft): jobs.JobRecord {
    return jobs.createJob(this.connection, draft);
  }
  updateJob(id: number, update: jobs.JobUpdate): jobs.JobRecord {
    return jobs.updateJob(this.connection, id, update);
  }
  getJob(id: number): jobs.JobRecord {
    return jobs.getJob(this.connection, id);
  }
  listJobs(filter?: { status?: jobs.JobStatus; kind?: string }): jobs.JobRecord[] {
    return jobs.listJobs(this.connection, filter);
  }
  saveCheckpoint(checkpoint: Omit<checkpoints.Checkpoint, 'updatedAt'>): void {
    checkpoints.saveCheckpoint(this.connection, checkpoint);
  }
  findCheckpoint(jobId: number): checkpoints.Checkpoint | undefined {
    return checkpoints.findCheckpoint(this.connection, jobId);
  }
  deleteCheckpoint(jobId: number): void {
    checkpoints.deleteCheckpoint(this.connection, jobId);
  }
  saveMetrics(entries: metrics.MetricDraft[]): number[] {
    return metrics.saveMetrics(this.connection, entries);
  }
  listMetrics(filter: { modelId?: number; jobId?: number; kind?: string }): metrics.MetricRecord[] {
    return metrics.listMetrics(this.connection, filter);
  }
  saveEvaluation(draft: evaluations.EvaluationDraft): evaluations.EvaluationRecord {
    return evaluations.saveEvaluation(this.connection, draft);
  }
  listEvaluations(filter?: { modelId?: number }): evaluations.EvaluationRecord[] {
    return evaluations.listEvaluations(this.connection, filter);
  }
  saveExport(draft: exportsRepo.ExportDraft): exportsRepo.ExportRecord {
    return exportsRepo.saveExport(this.connection, draft);
  }
  listExports(filter?: { modelId?: number }): exportsRepo.ExportRecord[] {
    return exportsRepo.listExports(this.connection, filter);
  }

  createClusterJob(draft: clusterJobs.ClusterJobDraft): clusterJobs.ClusterJobRecord {
    return clusterJobs.createClusterJob(this.connection, draft);
  }
  getClusterJob(id: number): clusterJobs.ClusterJobRecord {
    return clusterJobs.getClusterJob(this.connection, id);
  }
  listClusterJobs(): clusterJobs.ClusterJobRecord[] {
    return clusterJobs.listClusterJobs(this.connection);
  }
  setSchedulerJobId(id: number, schedulerJobId: string): void {
    clusterJobs.setSchedulerJobId(this.connection, id, schedulerJobId);
  }
  updateClusterTask(id: number, task: number, update: clusterJobs.ClusterTaskUpdate): void {
    clusterJobs.updateClusterTask(this.connection, id, task, update);
  }

  /** Copies rows of another project file into this one, in one transaction (see project-transfer.ts). */
  transferFrom<T>(sourcePath: string, options: TransferOptions, fn: (transfer: ProjectTransfer) => T): T {
    return transferFrom(this.connection, resolve(sourcePath), options, fn);
  }

  /** Runs fn in one transaction: everything it writes is committed together, or nothing is (it nests). */
  transaction<T>(fn: () => T): T {
    return this.connection.transaction(fn)();
  }

  // Clustering runs
  saveClusterRun(draft: clusterRuns.ClusterRunDraft): clusterRuns.ClusterRunSummary {
    return clusterRuns.saveClusterRun(this.connection, draft);
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
    return clusterRuns.nameClusters(this.connection, runId, names);
  }
  mergeClusters(runId: number, from: number, into: number): clusterRuns.ClusterRunSummary {
    return clusterRuns.mergeClusters(this.connection, runId, from, into);
  }
  splitCluster(runId: number, cluster: number, positions: readonly number[], seed: number): clusterRuns.ClusterRunSummary {
    return clusterRuns.splitCluster(this.connection, runId, cluster, positions, seed);
  }
  deleteClusterRun(runId: number): void {
    clusterRuns.deleteClusterRun(this.connection, runId);
  }

  // The file
  info(): ProjectInfo {
    const db = this.connection;
    const counts = db
      .prepare('SELECT (SELECT count(*) FROM datasets), (SELECT coalesce(sum(sample_count), 0) FROM datasets), (SELECT count(*) FROM models)')
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

  /** Folds the WAL back into the file so a plain copy of the .amrproj is complete. */
  close(): void {
    if (!this.db) return;
    const db = this.db;
    this.db = null;
    try {
      if (!db.readonly) {
        if (db.inTransaction) db.exec('ROLLBACK');
        db.pragma('wal_checkpoint(TRUNCATE)');
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
