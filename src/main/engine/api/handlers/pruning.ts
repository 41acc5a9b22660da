// Pruning from the workbench: the analysis (unit scores, CKA, Fisher blocks), prune jobs and
// study jobs run in workers; their results are read back from the job rows.
import type { ChannelArg } from '../../../../shared/contract.ts';
import type { PruneAnalysis, PruneStudy, PruneStudyRow, StoredStudy } from '../../../../shared/dto.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { Engine } from '../../engine.ts';
import type { JobRecord } from '../../store/jobs.ts';
import type { Handler } from '../dispatch.ts';

/** The job's result once it has finished; null while it runs; its error once it has failed. */
export function finishedResult(engine: Engine, jobId: number, kind: string): Record<string, unknown> | null {
  const job: JobRecord = engine.store.getJob(jobId);
  if (job.kind !== kind) throw new AppError('VALIDATION', `job ${jobId} is a ${job.kind} job, not a ${kind} job`);
  if (job.status === 'failed' || job.status === 'cancelled') {
    throw new AppError('JOB_FAILED', `${kind} job ${jobId} ${job.status}${job.error ? `: ${job.error.message}` : ''}`);
  }
  if (job.status !== 'done') return null;
  if (!job.result || typeof job.result !== 'object') throw new AppError('INTERNAL', `${kind} job ${jobId} finished without a result`);
  return job.result as Record<string, unknown>;
}

function requireTrainedModel(engine: Engine, modelId: number): void {
  const model = engine.store.getModel(modelId);
  if (model.weightsBytes === 0) throw new AppError('VALIDATION', `model ${modelId} (“${model.name}”) has no weights stored`);
  if (model.datasetId === null) throw new AppError('VALIDATION', `model ${modelId} (“${model.name}”) records no dataset to fine-tune and evaluate on`);
}

/** { key: value } when value is set, else nothing: optional job-config fields. */
export function optional<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}

export async function startPruneAnalysis(engine: Engine, arg: ChannelArg<'startPruneAnalysis'>): Promise<{ jobId: number }> {
  requireTrainedModel(engine, arg.modelId);
  const config = { modelId: arg.modelId, metric: arg.metric, seed: arg.seed ?? 0, ...optional('calibrationSamples', arg.calibrationSamples) };
  return { jobId: await engine.jobs.submit('prune-analysis', config) };
}

export async function startPrune(engine: Engine, arg: ChannelArg<'startPrune'>): Promise<{ jobId: number }> {
  requireTrainedModel(engine, arg.modelId);
  const config = {
    modelId: arg.modelId, method: arg.method, ratio: arg.ratio, recovery: arg.recovery, epochs: arg.epochs, seed: arg.seed ?? 0,
    ...optional('blocks', arg.blocks), ...optional('batchSize', arg.batchSize),
  };
  return { jobId: await engine.jobs.submit('prune', config) };
}

/** The study job's config from the form's fields, here or on a cluster. */
export function studyJobConfig(engine: Engine, arg: ChannelArg<'startPruneStudy'>): Record<string, unknown> {
  requireTrainedModel(engine, arg.modelId);
  return {
    modelId: arg.modelId, methods: arg.methods, recoveries: arg.recoveries, ratios: [arg.ratio], epochs: arg.epochs, seed: arg.seed ?? 0,
    ...optional('batchSize', arg.batchSize),
  };
}

export async function startPruneStudy(engine: Engine, arg: ChannelArg<'startPruneStudy'>): Promise<{ jobId: number }> {
  return { jobId: await engine.jobs.submit('prune-study', studyJobConfig(engine, arg)) };
}

export function pruneAnalysisOf(engine: Engine, jobId: number): PruneAnalysis | null {
  return finishedResult(engine, jobId, 'prune-analysis') as PruneAnalysis | null;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
}

function studyRow(raw: Record<string, unknown>): PruneStudyRow {
  const perSnr = Array.isArray(raw['perSnr']) ? (raw['perSnr'] as { snr: unknown; accuracy: unknown }[]) : [];
  return {
    method: String(raw['method']),
    recovery: String(raw['recovery']),
    ratio: num(raw['ratio']),
    removed: Array.isArray(raw['removed']) ? raw['removed'].map(String) : [],
    params: num(raw['params']),
    macs: num(raw['macs']),
    sizeBytes: num(raw['sizeBytes']),
    accuracy: num(raw['accuracy']),
    perSnr: perSnr.map((s) => ({ snr: num(s.snr), accuracy: num(s.accuracy) })),
    totalParams: num(raw['totalParams']),
    latencyMsBatch1: num(raw['latencyMsBatch1']),
    fineTuneSeconds: num(raw['fineTuneSeconds']),
  };
}

export function pruneStudyOf(engine: Engine, jobId: number): PruneStudy | null {
  const result = finishedResult(engine, jobId, 'prune-study');
  if (!result) return null;
  const rows = Array.isArray(result['rows']) ? (result['rows'] as Record<string, unknown>[]) : [];
  return { jobId, parentId: num(result['parentId']), rows: rows.map(studyRow) };
}

/** Finished studies, newest first: a study stays viewable after the page that ran it is left. */
export function storedStudies(engine: Engine, modelId: number | undefined): StoredStudy[] {
  return engine.jobs
    .list({ kind: 'prune-study', status: 'done' })
    .map((j) => ({ job: j, result: (j.result ?? {}) as { parentId?: unknown; rows?: unknown } }))
    .filter(({ result }) => modelId === undefined || result.parentId === modelId)
    .map(({ job, result }) => ({ jobId: job.id, parentId: num(result.parentId), createdAt: job.finishedAt ?? job.createdAt, rows: Array.isArray(result.rows) ? result.rows.length : 0 }))
    .sort((a, b) => b.jobId - a.jobId);
}

export const pruningHandlers: {
  startPruneAnalysis: Handler<Engine, 'startPruneAnalysis'>;
  getPruneAnalysis: Handler<Engine, 'getPruneAnalysis'>;
  startPrune: Handler<Engine, 'startPrune'>;
  startPruneStudy: Handler<Engine, 'startPruneStudy'>;
  getPruneStudy: Handler<Engine, 'getPruneStudy'>;
  listPruneStudies: Handler<Engine, 'listPruneStudies'>;
} = {
  startPruneAnalysis: async (engine, arg) => startPruneAnalysis(engine, arg),
  getPruneAnalysis: async (engine, arg) => pruneAnalysisOf(engine, arg.jobId),
  startPrune: async (engine, arg) => startPrune(engine, arg),
  startPruneStudy: async (engine, arg) => startPruneStudy(engine, arg),
  getPruneStudy: async (engine, arg) => pruneStudyOf(engine, arg.jobId),
  listPruneStudies: async (engine, arg) => storedStudies(engine, arg.modelId),
};
