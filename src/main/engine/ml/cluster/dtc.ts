// Deep transfer clustering of an unlabelled target set, with the baselines it is judged against:
// 1. transfer — a zoo classifier trained on a labelled source set; its features before the head
//    are the encoder (or, as an ablation, the same network left at its seeded initialisation);
// 2. initialise — k-means (k-means++, restarts, best inertia) on the target's embeddings, which
//    is also the "transferred embedding without fine-tuning" baseline;
// 3. deep clustering — the DEC loop with the pairwise term, encoder and centres together;
// plus k-means on raw I/Q and on spectral / cumulant features. Labels of the target, when there
// are any, only score the results.
import type { ClusterMethodName } from '../../../../shared/clustering.ts';
import { AppError } from '../../../../shared/errors.ts';
import { deriveSeed } from '../../base/random.ts';
import { buildModel } from '../models/registry.ts';
import type { ModelSpec } from '../models/spec.ts';
import { resolveTrainConfig, type TrainConfig } from '../train/config.ts';
import type { DataSource } from '../train/data.ts';
import { trainModel, type EpochMetrics } from '../train/trainer.ts';
import { clusteringReport, type ClusteringReport } from './cluster-metrics.ts';
import { resolveDecConfig, runDec, type DecConfig, type DecUpdate } from './dec.ts';
import { embedAll, embeddingSize, encoderOf } from './embed.ts';
import { rawIqFeatures, spectralCumulantFeatures } from './features.ts';
import { defaultKMeansRestarts, kmeans } from './kmeans.ts';
import { estimateK, type KEstimate } from './estimate-k.ts';
import { embeddingMap, type EmbeddingMap } from './map2d.ts';

export type ClusterMethod = ClusterMethodName;

export interface DtcConfig {
  /** number of clusters; ignored when estimateK is set */
  k: number;
  /** estimate K by the silhouette over this range, on the transferred embedding */
  estimateK?: { min: number; max: number };
  /** zoo architecture of the encoder and its options */
  encoder: { arch: string; options?: Record<string, unknown> };
  /** 'source': pre-train on the labelled source; 'none': the seeded initialisation (ablation) */
  transfer: 'source' | 'none';
  pretrain: Partial<TrainConfig>;
  dec: Partial<DecConfig>;
  /** k-means restarts (best inertia) */
  restarts: number;
  baselines: boolean;
  map: { maxPoints: number; umap: boolean };
  seed: number;
}

export const dtcDefaults = {
  encoder: { arch: 'cnn1d', options: { depth: 4, width: 32 } },
  transfer: 'source' as const,
  pretrain: { epochs: 10, batchSize: 128, learningRate: 1e-3 },
  restarts: defaultKMeansRestarts,
  baselines: true,
  map: { maxPoints: 2000, umap: true },
};

export interface TargetSet {
  /** [n][2][length] */
  x: Float32Array;
  length: number;
  /** class index per sample, -1 where unknown; only for scoring */
  labels: Int32Array;
  snr: Float32Array;
  /** names of the label indices; empty when the target has no labels */
  classes: string[];
}

export interface SourceSet {
  train: DataSource;
  val?: DataSource;
  classes: string[];
}

export interface MethodResult {
  method: ClusterMethod;
  assignments: Int32Array;
  seconds: number;
  /** null when the target has no labels */
  report: ClusteringReport | null;
}

export interface DtcResult {
  methods: MethodResult[];
  /** the DTC run's soft assignments n × k and embeddings n × d */
  q: Float64Array;
  embeddings: Float32Array;
  dimension: number;
  centres: Float64Array;
  updates: DecUpdate[];
  stoppedBy: 'tolerance' | 'max-iterations';
  iterations: number;
  pretrain: { epochs: EpochMetrics[]; seconds: number } | null;
  map: EmbeddingMap | null;
  encoder: ModelSpec;
  dec: DecConfig;
  /** the K used, and the silhouette scores when it was estimated */
  k: number;
  kEstimate: KEstimate | null;
  seed: number;
}

export interface DtcHooks {
  progress?: (phase: string, done: number, total: number, metrics?: Record<string, number>) => void;
  signal?: AbortSignal;
}

function hasLabels(target: TargetSet): boolean {
  return target.classes.length > 0 && target.labels.some((y) => y >= 0);
}

export async function runDeepTransferClustering(source: SourceSet | null, target: TargetSet, config: DtcConfig, hooks: DtcHooks = {}): Promise<DtcResult> {
  const { seed, length } = { ...config, length: target.length };
  const n = target.x.length / (2 * length);
  const range = config.estimateK;
  const kMax = range ? range.max : config.k;
  if (range && !(Number.isInteger(range.min) && Number.isInteger(range.max) && range.min >= 2 && range.max >= range.min)) {
    throw new AppError('VALIDATION', `clustering: the K range must be integers with 2 ≤ min ≤ max, got ${range.min}..${range.max}`);
  }
  if (!range && (!Number.isInteger(config.k) || config.k < 2)) throw new AppError('VALIDATION', `clustering: K must be an integer ≥ 2, got ${config.k}`);
  if (n <= kMax) throw new AppError('VALIDATION', `clustering: the target has ${n} samples, too few for K = ${kMax}`);
  if (config.transfer === 'source') {
    if (!source) throw new AppError('VALIDATION', 'clustering: transfer from a source needs a labelled source dataset');
    if (source.train.length !== length) throw new AppError('VALIDATION', `clustering: source vectors have ${source.train.length} samples, target vectors ${length}`);
  }
  const scored = (method: ClusterMethod, assignments: Int32Array, seconds: number, k: number): MethodResult => ({
    method, assignments, seconds, report: hasLabels(target) ? clusteringReport(assignments, target.labels, target.snr, k, target.classes) : null,
  });
  const timed = <T>(work: () => T): [T, number] => {
    const started = performance.now();
    const value = work();
    return [value, (performance.now() - started) / 1000];
  };
  const methods: MethodResult[] = [];
  const report = (m: MethodResult): void => {
    methods.push(m);
    hooks.progress?.('baselines', methods.length, config.baselines ? 3 : 1, m.report ? { acc: m.report.acc, nmi: m.report.nmi, ari: m.report.ari } : undefined);
  };
  const runBaselines = (k: number): void => {
    const iq = rawIqFeatures(target.x, length);
    const [iqRun, iqSeconds] = timed(() => kmeans(iq.values, iq.d, { k, seed: deriveSeed(seed, 'kmeans-iq'), restarts: config.restarts }));
    report(scored('kmeans-iq', iqRun.assignments, iqSeconds, k));
    const [spectral, spectralSeconds] = timed(() => {
      const f = spectralCumulantFeatures(target.x, length);
      return kmeans(f.values, f.d, { k, seed: deriveSeed(seed, 'kmeans-spectral'), restarts: config.restarts });
    });
    report(scored('kmeans-spectral', spectral.assignments, spectralSeconds, k));
  };

  const encoderSpec: ModelSpec = {
    arch: config.encoder.arch,
    options: config.encoder.options,
    numClasses: config.transfer === 'source' ? source!.classes.length : kMax,
    length,
  };
  const classifier = buildModel(encoderSpec, { seed: deriveSeed(seed, 'encoder') });
  try {
    let pretrain: DtcResult['pretrain'] = null;
    if (config.transfer === 'source') {
      const trainConfig = resolveTrainConfig({ ...dtcDefaults.pretrain, ...config.pretrain, seed: deriveSeed(seed, 'pretrain') });
      const started = performance.now();
      const r = await trainModel(classifier, { train: source!.train, val: source!.val }, trainConfig, {
        signal: hooks.signal,
        spec: encoderSpec,
        onProgress: (p) => hooks.progress?.('pretrain', p.epoch * p.batches + p.batch, p.epochs * p.batches, { loss: p.loss, accuracy: p.accuracy }),
      });
      pretrain = { epochs: r.history, seconds: (performance.now() - started) / 1000 };
    }
    const encoder = encoderOf(classifier);
    const d = embeddingSize(encoder);
    const embedded = embedAll(encoder, target.x, length);
    let kEstimate: KEstimate | null = null;
    if (range) {
      hooks.progress?.('estimate K', 0, 1);
      kEstimate = estimateK(embedded, d, { kMin: range.min, kMax: range.max, seed: deriveSeed(seed, 'estimate-k') });
      hooks.progress?.('estimate K', 1, 1, { k: kEstimate.k });
    }
    const k = kEstimate?.k ?? config.k;
    if (config.baselines) runBaselines(k);
    const [init, initSeconds] = timed(() => kmeans(embedded, d, { k, seed: deriveSeed(seed, 'kmeans-embedding'), restarts: config.restarts }));
    report(scored('kmeans-embedding', init.assignments, initSeconds, k));

    const dec = resolveDecConfig({ ...config.dec, seed: deriveSeed(seed, 'dec') }, n);
    const started = performance.now();
    const run = await runDec(encoder, target.x, length, init.centres, dec, {
      signal: hooks.signal,
      onUpdate: (u, max) => hooks.progress?.('cluster', u.iteration, max, { changed: u.changed ?? 1, confidence: u.confidence, kl: u.kl }),
    });
    methods.push(scored('dtc', run.assignments, (performance.now() - started) / 1000, k));
    hooks.progress?.('map', 0, 1);
    const map = config.map.maxPoints > 0 ? embeddingMap(run.embeddings, d, { seed: deriveSeed(seed, 'map'), maxPoints: config.map.maxPoints, umap: config.map.umap }) : null;
    hooks.progress?.('map', 1, 1);
    return {
      methods,
      q: run.q,
      embeddings: run.embeddings,
      dimension: d,
      centres: run.centres,
      updates: run.updates,
      stoppedBy: run.stoppedBy,
      iterations: run.iterations,
      pretrain,
      map,
      encoder: encoderSpec,
      dec,
      k,
      kEstimate,
      seed,
    };
  } finally {
    classifier.dispose();
  }
}
