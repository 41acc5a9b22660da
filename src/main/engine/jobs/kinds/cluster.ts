// The 'cluster' job: deep transfer clustering of a target dataset (optionally SNR-filtered), the
// k-means baselines beside it, and the run stored with every assignment in one transaction.
import { z } from 'zod';
import { clusterMethodNames, clusterTransfers } from '../../../../shared/clustering.ts';
import { AppError } from '../../../../shared/errors.ts';
import { dtcDefaults, runDeepTransferClustering, type DtcConfig, type SourceSet } from '../../ml/cluster/dtc.ts';
import { storeSource } from '../../ml/train/data.ts';
import type { SampleFilter } from '../../store/types.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';

export const clusterJobSchema = z.object({
  targetDatasetId: z.number().int(),
  sourceDatasetId: z.number().int().optional(),
  transfer: z.enum(clusterTransfers).optional(),
  k: z.number().int().min(2).optional(),
  estimateK: z.object({ min: z.number().int().min(2), max: z.number().int().min(2) }).optional(),
  encoder: z.object({ arch: z.string(), options: z.record(z.string(), z.unknown()).optional() }).optional(),
  pretrain: z.object({ epochs: z.number().int().positive(), batchSize: z.number().int().positive(), learningRate: z.number().positive(), threads: z.number().int().positive() }).partial().optional(),
  dec: z
    .object({
      batchSize: z.number().int().positive(), learningRate: z.number().positive(), updateInterval: z.number().int().positive(), maxIterations: z.number().int().nonnegative(),
      tolerance: z.number().min(0).lt(1), pairwiseWeight: z.number().nonnegative(), pairwiseStep: z.number().nonnegative(),
    })
    .partial()
    .optional(),
  restarts: z.number().int().positive().optional(),
  baselines: z.boolean().optional(),
  map: z.object({ maxPoints: z.number().int().nonnegative(), umap: z.boolean() }).partial().optional(),
  snrMin: z.number().optional(),
  snrMax: z.number().optional(),
  name: z.string().optional(),
  seed: z.number().int().optional(),
});

function snrFilter(datasetId: number, cfg: { snrMin?: number; snrMax?: number }): SampleFilter {
  return { datasetId, ...(cfg.snrMin === undefined ? {} : { snrMin: cfg.snrMin }), ...(cfg.snrMax === undefined ? {} : { snrMax: cfg.snrMax }) };
}

export async function runClusterJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(clusterJobSchema, raw, 'cluster');
  const { store } = ctx;
  const seed = cfg.seed ?? 0;
  const transfer = cfg.transfer ?? (cfg.sourceDatasetId === undefined ? 'none' : 'source');
  const targetInfo = store.getDataset(cfg.targetDatasetId);
  const target = store.loadSamples(snrFilter(targetInfo.id, cfg));
  if (target.count === 0) throw new AppError('VALIDATION', `dataset ${targetInfo.id} (${targetInfo.name}) has no samples in the chosen SNR range`);
  let source: SourceSet | null = null;
  if (transfer === 'source') {
    if (cfg.sourceDatasetId === undefined) throw new AppError('VALIDATION', 'cluster job: transfer from a source needs sourceDatasetId');
    const info = store.getDataset(cfg.sourceDatasetId);
    if (info.classes.length < 2) throw new AppError('VALIDATION', `source dataset ${info.id} (${info.name}) has ${info.classes.length} class; the encoder is trained as a classifier and needs at least 2`);
    if (info.length !== targetInfo.length) throw new AppError('VALIDATION', `source dataset ${info.id} has vectors of ${info.length} samples, target ${targetInfo.id} of ${targetInfo.length}`);
    const filter = snrFilter(info.id, cfg);
    source = info.split
      ? { train: storeSource(store, { ...filter, split: 'train' }), val: storeSource(store, { ...filter, split: 'val' }), classes: info.classes }
      : { train: storeSource(store, filter), classes: info.classes };
  }
  if (cfg.k === undefined && cfg.estimateK === undefined) throw new AppError('VALIDATION', 'cluster job: give k, or estimateK {min, max}');
  const config: DtcConfig = {
    k: cfg.k ?? 0,
    ...(cfg.k === undefined ? { estimateK: cfg.estimateK! } : {}),
    encoder: cfg.encoder ?? dtcDefaults.encoder,
    transfer,
    pretrain: { ...dtcDefaults.pretrain, ...cfg.pretrain },
    dec: cfg.dec ?? {},
    restarts: cfg.restarts ?? dtcDefaults.restarts,
    baselines: cfg.baselines ?? dtcDefaults.baselines,
    map: { ...dtcDefaults.map, ...cfg.map },
    seed,
  };
  const labels = targetInfo.classes.length > 0 ? target.y : new Int32Array(target.count).fill(-1);
  const r = await runDeepTransferClustering(source, { x: target.x, length: target.length, labels, snr: target.snr, classes: targetInfo.classes }, config, {
    signal: ctx.signal,
    progress: (phase, done, total, metrics) => ctx.progress(phase, done, total, metrics),
  });
  const k = r.k;
  const confidence = new Float32Array(target.count);
  for (let i = 0; i < target.count; i++) confidence[i] = Math.max(...r.q.subarray(i * k, (i + 1) * k));
  const round = (v: number): number => Math.round(v * 1e4) / 1e4;
  const methods = clusterMethodNames
    .map((name) => r.methods.find((m) => m.method === name))
    .filter((m) => m !== undefined)
    .map((m) => ({
      method: m.method,
      seconds: round(m.seconds),
      scores: m.report && { count: m.report.count, acc: m.report.acc, nmi: m.report.nmi, ari: m.report.ari },
      perSnr: m.report?.perSnr ?? [],
    }));
  const map = r.map && {
    method: r.map.umap ? ('umap' as const) : ('pca' as const),
    indices: Array.from(r.map.indices),
    x: Array.from({ length: r.map.indices.length }, (_, m) => round((r.map!.umap ?? r.map!.pca)[2 * m]!)),
    y: Array.from({ length: r.map.indices.length }, (_, m) => round((r.map!.umap ?? r.map!.pca)[2 * m + 1]!)),
  };
  const result = {
    transfer,
    encoder: r.encoder.arch,
    stoppedBy: r.stoppedBy,
    iterations: r.iterations,
    classes: targetInfo.classes,
    methods,
    map,
    kEstimate: r.kEstimate && { k: r.kEstimate.k, scores: r.kEstimate.scores },
    updates: r.updates.map((u) => ({ iteration: u.iteration, changed: u.changed, confidence: round(u.confidence), kl: round(u.kl), largest: Math.max(...u.sizes), reseeded: u.reseeded, collapsed: u.collapsed })),
    pretrain: r.pretrain && { seconds: round(r.pretrain.seconds), epochs: r.pretrain.epochs.map((e) => ({ epoch: e.epoch, loss: round(e.loss), accuracy: round(e.accuracy), valAccuracy: e.valAccuracy === null ? null : round(e.valAccuracy) })) },
  };
  const run = store.saveClusterRun({
    name: cfg.name ?? `${targetInfo.name} — K ${k}${transfer === 'source' ? ` from dataset ${cfg.sourceDatasetId}` : ', no transfer'}`,
    jobId: ctx.jobId,
    targetDatasetId: targetInfo.id,
    sourceDatasetId: transfer === 'source' ? cfg.sourceDatasetId! : null,
    k,
    seed,
    config: { ...config, dec: r.dec, snrMin: cfg.snrMin ?? null, snrMax: cfg.snrMax ?? null },
    result,
    sampleIds: target.ids,
    clusters: r.methods.find((m) => m.method === 'dtc')!.assignments,
    confidence,
    embeddings: r.embeddings,
    dimension: r.dimension,
  });
  const warnings = [
    ...(r.updates.some((u) => u.collapsed) ? ['one cluster held most of the target at some update (collapse); check the cluster sizes'] : []),
    ...(r.updates.some((u) => u.reseeded.length > 0) ? [`empty clusters were re-seeded ${r.updates.reduce((s, u) => s + u.reseeded.length, 0)} time(s)`] : []),
  ];
  for (const w of warnings) ctx.log(w);
  return { runId: run.id, k, stoppedBy: r.stoppedBy, iterations: r.iterations, methods: methods.map((m) => ({ method: m.method, scores: m.scores })), warnings };
}
