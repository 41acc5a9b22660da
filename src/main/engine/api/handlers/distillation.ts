// Dataset distillation from the workbench: distil and evaluate jobs run in workers; the page
// follows a run's loss curve, draws its synthetic signals beside real ones of their class, and
// reads the evaluation results back from the metrics the jobs stored.
import type { ChannelArg } from '../../../../shared/contract.ts';
import { DISTILL_EVAL_METRIC } from '../../../../shared/distillation.ts';
import type { DistillationView, DistillLossPoint, DistillPreview, DistillResultRow, SignalTrace } from '../../../../shared/dto.ts';
import { AppError } from '../../../../shared/errors.ts';
import { welchPsd } from '../../dsp/psd.ts';
import { windowSampleRate } from '../../io/window-sample-rate.ts';
import type { Engine } from '../../engine.ts';
import { CONVNET_EMBEDDER, resolveDistillConfig, type DistillMethod } from '../../ml/distill/config.ts';
import { lineageOf, type DistillLineage } from '../../ml/distill/stored-sets.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { DatasetInfo, SampleFilter } from '../../store/types.ts';
import type { Handler } from '../dispatch.ts';
import { finishedResult, optional } from './pruning.ts';

/** Real signals of a class averaged into the preview's mean spectrum. */
const MEAN_PSD_REAL = 256;

export function startDistill(engine: Engine, arg: ChannelArg<'startDistill'>): { jobId: number } {
  const source = engine.store.getDataset(arg.datasetId);
  if (source.kind === 'distilled') throw new AppError('VALIDATION', `dataset ${source.id} (“${source.name}”) is itself distilled; pick the real dataset it came from`);
  const embedder = arg.embedder === undefined && arg.width === undefined ? {} : { embedder: { arch: arg.embedder ?? CONVNET_EMBEDDER, ...optional('width', arg.width) } };
  const config = {
    datasetId: source.id, method: arg.method, ipc: arg.ipc, seed: arg.seed ?? 0, ...embedder,
    ...optional('alpha', arg.alpha), ...optional('iterations', arg.iterations), ...optional('perSnr', arg.perSnr),
    ...optional('frequency', arg.frequency), ...optional('augment', arg.augment), ...optional('init', arg.init), ...optional('preset', arg.preset),
  };
  return { jobId: engine.jobs.start('distill', config) };
}

function curveOf(value: unknown): DistillLossPoint[] {
  return Array.isArray(value) ? (value as DistillLossPoint[]).map((p) => ({ iteration: p.iteration, lossTime: p.lossTime, lossFrequency: p.lossFrequency })) : [];
}

export function distillationView(engine: Engine, jobId: number): DistillationView {
  const job = engine.store.getJob(jobId);
  if (job.kind !== 'distill') throw new AppError('VALIDATION', `job ${jobId} is a ${job.kind} job, not a distill job`);
  const raw = job.config as { datasetId: number; method: DistillMethod; ipc: number; preset?: 'cpu' | 'reference' } & Record<string, unknown>;
  const config = resolveDistillConfig({ method: raw.method, ipc: raw.ipc, ...(typeof raw['iterations'] === 'number' ? { iterations: raw['iterations'] } : {}), ...(typeof raw['alpha'] === 'number' ? { alpha: raw['alpha'] } : {}) }, raw.preset ?? 'cpu');
  const result = job.status === 'done' ? finishedResult(engine, jobId, 'distill') : null;
  const datasetId = typeof result?.['datasetId'] === 'number' ? result['datasetId'] : null;
  const history = datasetId !== null ? curveOf(engine.store.getDataset(datasetId).params['lossCurve']) : curveOf(engine.store.findCheckpoint(jobId)?.state['history']);
  return {
    jobId, status: job.status, sourceDatasetId: raw.datasetId, method: config.method, ipc: config.ipc, alpha: config.alpha,
    iterations: config.method === 'dm' || config.method === 'mdm' ? config.iterations : 0, history, datasetId,
  };
}

/** I, Q and the Welch PSD of every sample of the selection, up to `limit`. */
function traces(store: ProjectStore, filter: SampleFilter, limit: number): { traces: SignalTrace[]; frequency: number[]; linear: Float64Array | null } {
  const loaded = store.loadSamples(filter);
  const count = Math.min(limit, loaded.count);
  const per = 2 * loaded.length;
  let frequency: number[] = [];
  let linear: Float64Array | null = null;
  const out: SignalTrace[] = [];
  for (let k = 0; k < count; k++) {
    const i = loaded.x.subarray(k * per, k * per + loaded.length);
    const q = loaded.x.subarray(k * per + loaded.length, (k + 1) * per);
    const psd = welchPsd(i, q, { nfft: Math.min(loaded.length, 256) });
    frequency = Array.from(psd.freqHz);
    linear ??= new Float64Array(psd.psd.length);
    for (let b = 0; b < psd.psd.length; b++) linear[b] += psd.psd[b]! / count;
    out.push({ i: Array.from(i), q: Array.from(q), psdDb: Array.from(psd.psdDb) });
  }
  return { traces: out, frequency, linear };
}

const decibels = (linear: Float64Array | null): number[] => (linear ? Array.from(linear, (v) => 10 * Math.log10(Math.max(v, 1e-30))) : []);

/** The source set may have been deleted since; its rate is then unknown. */
function sourceSampleRate(store: ProjectStore, datasetId: number): number | null {
  try {
    return windowSampleRate(store.getDataset(datasetId).params, true);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

export function distillPreview(engine: Engine, arg: ChannelArg<'getDistillPreview'>): DistillPreview {
  const { store } = engine;
  const info = store.getDataset(arg.datasetId);
  const lineage = lineageOf(info);
  if (!lineage) throw new AppError('VALIDATION', `dataset ${info.id} (“${info.name}”) is not a distilled set`);
  const className = info.classes[arg.classIndex];
  if (className === undefined) throw new AppError('NOT_FOUND', `dataset ${info.id} has no class #${arg.classIndex} (it has ${info.classes.length})`);
  const synthetic = traces(store, { datasetId: info.id, classes: [arg.classIndex] }, Number.MAX_SAFE_INTEGER);
  const real = traces(store, { datasetId: lineage.sourceDatasetId, classes: [arg.classIndex], split: 'train', ...lineage.filter }, MEAN_PSD_REAL);
  return {
    datasetId: info.id, sourceDatasetId: lineage.sourceDatasetId, method: lineage.config.method, classIndex: arg.classIndex, className,
    frequency: synthetic.frequency.length ? synthetic.frequency : real.frequency,
    synthetic: synthetic.traces.slice(0, arg.maxSignals),
    real: real.traces.slice(0, arg.maxSignals),
    meanPsdDb: { synthetic: decibels(synthetic.linear), real: decibels(real.linear) },
    sampleRate: sourceSampleRate(store, lineage.sourceDatasetId),
  };
}

export function startDistillEval(engine: Engine, arg: ChannelArg<'startDistillEval'>): { jobId: number } {
  engine.store.getDataset(arg.datasetId);
  const config = { datasetId: arg.datasetId, models: arg.models, seed: arg.seed ?? 0, ...optional('runs', arg.runs), ...optional('epochs', arg.epochs), ...optional('augment', arg.augment) };
  return { jobId: engine.jobs.start('distill-eval', config) };
}

interface StoredScore {
  datasetId: number;
  trainCount: number;
  arch: string;
  mean: number;
  std: number;
  runs: { accuracy: number }[];
  perSnr: { snr: number; mean: number; std: number }[];
  /** absent in scores stored before the recipe had an augment field */
  recipe?: { augment?: string };
}

function methodOf(info: DatasetInfo | undefined, lineage: DistillLineage | null): string {
  if (lineage) return lineage.config.method;
  return info ? 'whole set' : 'deleted set';
}

export function distillResults(engine: Engine): DistillResultRow[] {
  const datasets = new Map(engine.store.listDatasets().map((d) => [d.id, d]));
  return engine.store.listMetrics({ kind: DISTILL_EVAL_METRIC }).map((m) => {
    const v = m.value as StoredScore;
    const info = datasets.get(v.datasetId);
    const lineage = info ? lineageOf(info) : null;
    return {
      jobId: m.jobId ?? 0,
      datasetId: v.datasetId,
      datasetName: info?.name ?? `dataset ${v.datasetId} (deleted)`,
      method: methodOf(info, lineage),
      ipc: lineage ? lineage.config.ipc : null,
      perSnr: lineage ? lineage.config.perSnr : false,
      arch: v.arch,
      augmentedTraining: v.recipe?.augment === 'iq',
      trainCount: v.trainCount,
      mean: v.mean,
      std: v.std,
      runs: v.runs.map((r) => r.accuracy),
      bySnr: v.perSnr,
      createdAt: m.createdAt,
    };
  });
}

export function startDatasetExport(engine: Engine, arg: ChannelArg<'startDatasetExport'>): { jobId: number } {
  engine.store.getDataset(arg.datasetId);
  const config = { datasetId: arg.datasetId, format: arg.format, outPath: arg.outPath, ...optional('overwrite', arg.overwrite), ...optional('unknownSnr', arg.unknownSnr) };
  return { jobId: engine.jobs.start('export-dataset', config) };
}

export const distillationHandlers: {
  startDistill: Handler<Engine, 'startDistill'>;
  getDistillation: Handler<Engine, 'getDistillation'>;
  getDistillPreview: Handler<Engine, 'getDistillPreview'>;
  startDistillEval: Handler<Engine, 'startDistillEval'>;
  listDistillResults: Handler<Engine, 'listDistillResults'>;
  startDatasetExport: Handler<Engine, 'startDatasetExport'>;
} = {
  startDistill: async (engine, arg) => startDistill(engine, arg),
  getDistillation: async (engine, arg) => distillationView(engine, arg.jobId),
  getDistillPreview: async (engine, arg) => distillPreview(engine, arg),
  startDistillEval: async (engine, arg) => startDistillEval(engine, arg),
  listDistillResults: async (engine) => distillResults(engine),
  startDatasetExport: async (engine, arg) => startDatasetExport(engine, arg),
};
