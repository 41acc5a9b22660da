// The 'distill' job: DM / MDM or a selection baseline on a dataset's train split, checkpointing
// S every k iterations (a restarted job resumes from it), and the distilled set written back in
// one transaction as a dataset of kind 'distilled' with its lineage.
import { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import { augmentModes, distillMethods, frequencyModes, isMatchingMethod, resolveDistillConfig, type DistillRequest } from '../../ml/distill/config.ts';
import { distillDataset } from '../../ml/distill/distill.ts';
import type { MatchingState } from '../../ml/distill/matching-run.ts';
import { lineageOf, loadRealSet, writeDistilledDataset } from '../../ml/distill/stored-sets.ts';
import type { Checkpoint } from '../../store/checkpoints.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';

/** The conventional RML2016 split (50 / 50 train/test), used when the dataset has none yet. */
export const DEFAULT_SPLIT = { train: 0.5, val: 0, test: 0.5, seed: 0 };

export const distillJobSchema = z.object({
  datasetId: z.number().int(),
  name: z.string().min(1).optional(),
  method: z.enum(distillMethods),
  ipc: z.number().int().min(1).max(10_000),
  perSnr: z.boolean().optional(),
  alpha: z.number().min(0).optional(),
  frequency: z.enum(frequencyModes).optional(),
  augment: z.enum(augmentModes).optional(),
  iterations: z.number().int().min(1).optional(),
  batchReal: z.number().int().min(1).optional(),
  learningRate: z.number().positive().optional(),
  momentum: z.number().min(0).lt(1).optional(),
  init: z.enum(['real', 'noise']).optional(),
  embedder: z.object({ arch: z.string().min(1), width: z.number().int().positive().optional(), depth: z.number().int().positive().optional() }).optional(),
  /** 'reference': the public DM code's settings (20,000 iterations, batch 256, width 128) */
  preset: z.enum(['cpu', 'reference']).default('cpu'),
  seed: z.number().int().default(0),
  checkpointEvery: z.number().int().min(0).optional(),
  snrMin: z.number().optional(),
  snrMax: z.number().optional(),
  /** (re)assign the dataset's split first; when absent an existing split is kept, else 50/50 */
  split: z.object({ train: z.number(), val: z.number(), test: z.number(), seed: z.number().int() }).optional(),
});

/** The config fields of the job that are the run's own, unset ones left to the preset. */
function distillRequest(cfg: z.output<typeof distillJobSchema>): DistillRequest {
  const keys = ['method', 'ipc', 'perSnr', 'alpha', 'frequency', 'augment', 'iterations', 'batchReal', 'learningRate', 'momentum', 'init', 'embedder', 'seed', 'checkpointEvery'] as const;
  return Object.fromEntries(keys.filter((k) => cfg[k] !== undefined).map((k) => [k, cfg[k]])) as DistillRequest;
}

function floats(bytes: Uint8Array): Float32Array {
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** The checkpoint of this job as a state to resume from, if it belongs to the same run. */
function resumeState(checkpoint: Checkpoint | undefined, fingerprint: string): MatchingState | undefined {
  if (!checkpoint || checkpoint.state['fingerprint'] !== fingerprint || !checkpoint.optimizer) return undefined;
  return {
    iterationsDone: checkpoint.epoch,
    synthetic: floats(checkpoint.weights),
    velocity: floats(checkpoint.optimizer),
    history: checkpoint.state['history'] as MatchingState['history'],
  };
}

export async function runDistillJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(distillJobSchema, raw, 'distill');
  const { store } = ctx;
  // a job that wrote its dataset and then lost its process before finishing does not write it twice
  const written = store.listDatasets().find((d) => lineageOf(d)?.jobId === ctx.jobId);
  if (written) return { datasetId: written.id, name: written.name, count: written.count, method: cfg.method, ipc: cfg.ipc, resumedAfterWrite: true };

  const source = store.getDataset(cfg.datasetId);
  if (source.kind === 'distilled') throw new AppError('VALIDATION', `dataset ${source.id} (“${source.name}”) is itself distilled; distil the real dataset it came from`);
  if (cfg.split || !source.split) {
    const split = cfg.split ?? DEFAULT_SPLIT;
    const counts = store.assignSplits(source.id, split);
    ctx.log(`split dataset ${source.id}: ${counts.train} train, ${counts.val} val, ${counts.test} test (seed ${split.seed})`);
  }
  const { preset, snrMin, snrMax } = cfg;
  const config = resolveDistillConfig(distillRequest(cfg), preset);
  const filter = { ...(snrMin === undefined ? {} : { snrMin }), ...(snrMax === undefined ? {} : { snrMax }) };
  const { real, ids } = loadRealSet(store, store.getDataset(source.id), filter);
  const fingerprint = JSON.stringify({ config, filter, sourceHash: source.sourceHash, split: store.getDataset(source.id).split ?? null, count: real.labels.length });
  const resume = resumeState(store.findCheckpoint(ctx.jobId), fingerprint);
  if (resume) ctx.log(`resuming from the checkpoint after iteration ${resume.iterationsDone}`);
  ctx.log(`${config.method} ipc ${config.ipc}${config.perSnr ? ' per class × SNR' : ''} from ${real.labels.length} training signals of “${source.name}”, seed ${config.seed}`);

  const started = performance.now();
  if (!isMatchingMethod(config.method)) ctx.progress('select', 0, 1);
  const set = await distillDataset(real, config, {
    signal: ctx.signal,
    resume,
    onProgress: (p) =>
      ctx.progress('distill', p.iteration, p.iterations, {
        iteration: p.iteration, lossTime: p.lossTime, lossFrequency: p.lossFrequency, iterationsPerSecond: p.iterationsPerSecond, etaSeconds: p.etaSeconds,
      }),
    onCheckpoint: (s) => {
      store.saveCheckpoint({ jobId: ctx.jobId, epoch: s.iterationsDone, state: { fingerprint, history: s.history }, weights: bytesOf(s.synthetic), bestWeights: null, optimizer: bytesOf(s.velocity) });
      ctx.log(`checkpoint after iteration ${s.iterationsDone}`);
    },
  });
  if (ctx.signal.aborted) throw new AppError('CANCELLED', 'distillation was cancelled; the project is unchanged');
  const seconds = (performance.now() - started) / 1000;
  const name = cfg.name ?? `${config.method.toUpperCase()} ipc ${config.ipc}${config.perSnr ? ' per SNR' : ''} of ${source.name}`;
  const info = writeDistilledDataset(store, set, {
    sourceDatasetId: source.id, sourceName: source.name, sourceHash: source.sourceHash, sourceSplit: store.getDataset(source.id).split ?? null,
    filter, config, iterationsDone: set.iterationsDone, scale: set.scale, jobId: ctx.jobId, seconds,
  }, ids, name);
  store.deleteCheckpoint(ctx.jobId);
  const last = set.history.at(-1);
  ctx.log(`wrote dataset ${info.id} (“${info.name}”): ${info.count} signals in ${seconds.toFixed(1)} s`);
  return {
    datasetId: info.id, name: info.name, count: info.count, method: config.method, ipc: config.ipc, iterations: set.iterationsDone, seconds,
    ...(last ? { lossTime: last.lossTime, lossFrequency: last.lossFrequency } : {}),
  };
}
