// The removal step of every pruning method, before any recovery: score and drop units
// (layer metrics, block-wise) or filters (channel), returning the smaller model.
import { AppError } from '../../../../shared/errors.ts';
import { countParams } from '../models/complexity.ts';
import type { ModelSpec } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';
import type { DataSource } from '../train/data.ts';
import { blockwisePrune, type BlockwisePlan, type ContributionMetric } from './blockwise.ts';
import { channelPrune } from './channel-pruning.ts';
import { scoreUnits } from './score-units.ts';
import { lowestScoring, removalCount, selectionMetrics, type SelectionMetric } from './selection.ts';
import type { SimilarityMeasure } from './similarity.ts';
import { presentUnits, removeUnits } from './surgery.ts';

export const pruneMethods = [...selectionMetrics, 'blockwise', 'channel'] as const;
export type PruneMethod = (typeof pruneMethods)[number];

export function parsePruneMethod(text: string): PruneMethod {
  if ((pruneMethods as readonly string[]).includes(text)) return text as PruneMethod;
  throw new AppError('VALIDATION', `unknown pruning method '${text}' (known: ${pruneMethods.join(', ')})`);
}

export interface CutConfig {
  method: PruneMethod;
  /** fraction of removable units (layer methods) or of filters per conv (channel) to remove */
  ratio: number;
  seed: number;
  /** block-wise: K blocks (default: elbow), similarity, contribution, calibration size */
  blocks?: number;
  similarity?: SimilarityMeasure;
  contribution?: ContributionMetric;
  calibrationSamples?: number;
  taylorBatches?: number;
  /**
   * size matching: channel pruning takes the filter ratio whose model comes closest to this many
   * params; block-wise removes units until the model has at most this many
   */
  matchParams?: number;
}

export interface CutData {
  calibration: DataSource;
  val: DataSource;
}

export interface CutResult {
  spec: ModelSpec;
  model: tfl.LayersModel;
  /** removed unit ids (layer methods) */
  removed: string[];
  /** per-unit scores of the metric used, when it has them */
  scores: Record<string, number>;
  plan?: BlockwisePlan;
  /** channel pruning: the filter ratio used and the kept filter indices per conv */
  channel?: { ratio: number; kept: Record<string, number[]> };
}

/** Channel pruning at the filter ratio whose params come closest to `target` (bisection). */
function channelAtParams(parent: tfl.LayersModel, spec: ModelSpec, target: number): CutResult {
  let lo = 0;
  let hi = 0.95;
  let best: { ratio: number; gap: number } = { ratio: 0, gap: Infinity };
  for (let i = 0; i < 12; i++) {
    const ratio = (lo + hi) / 2;
    const trial = channelPrune(parent, spec, ratio);
    const params = countParams(trial.model);
    trial.model.dispose();
    if (Math.abs(params - target) < best.gap) best = { ratio, gap: Math.abs(params - target) };
    if (params > target) lo = ratio;
    else hi = ratio;
  }
  const r = channelPrune(parent, spec, best.ratio);
  return { spec: r.spec, model: r.model, removed: [], scores: {}, channel: { ratio: best.ratio, kept: r.kept } };
}

export function cutModel(parent: tfl.LayersModel, spec: ModelSpec, cfg: CutConfig, data: CutData): CutResult {
  if (cfg.method === 'channel') {
    if (cfg.matchParams !== undefined) return channelAtParams(parent, spec, cfg.matchParams);
    const r = channelPrune(parent, spec, cfg.ratio);
    return { spec: r.spec, model: r.model, removed: [], scores: {}, channel: { ratio: cfg.ratio, kept: r.kept } };
  }
  if (cfg.method === 'blockwise') {
    const r = blockwisePrune(parent, spec, data.calibration, {
      ratio: cfg.ratio, blocks: cfg.blocks, similarity: cfg.similarity, contribution: cfg.contribution,
      calibrationSamples: cfg.calibrationSamples, val: data.val, maxParams: cfg.matchParams,
    });
    return { spec: r.spec, model: r.model, removed: r.plan.remove, scores: r.plan.contribution, plan: r.plan };
  }
  const units = presentUnits(spec);
  if (units.length === 0) throw new AppError('UNSUPPORTED', `${spec.arch}: the model declares no removable units, so layer pruning cannot apply; use channel pruning`);
  const scores = scoreUnits(cfg.method as SelectionMetric, parent, spec, { calibration: data.calibration, val: data.val, seed: cfg.seed, taylorBatches: cfg.taylorBatches });
  const chosen = lowestScoring(units, scores, removalCount(units.length, cfg.ratio));
  const removed = units.map((u) => u.id).filter((id) => chosen.includes(id));
  return { ...removeUnits(parent, spec, removed), removed, scores: Object.fromEntries(scores) };
}
