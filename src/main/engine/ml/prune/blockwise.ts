// Block-wise layer pruning, as in “A Generic Layer Pruning Method for Signal Modulation Recognition Deep
// Learning Models”: similarity of the units' outputs on a calibration set → Fisher segmentation into K blocks
// of similar semantics → keep the units contributing most inside each block → reassemble a physically smaller
// model from the kept units.
import { AppError } from '../../../../shared/errors.ts';
import type { ModelSpec, RemovableUnit } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';
import type { DataSource } from '../train/data.ts';
import { fisherSegmentation, segmentationElbow } from './fisher-segmentation.ts';
import { magnitudeScores, unitScoresFromLayers, type UnitScores } from './layer-scores.ts';
import { lossDropScores } from './loss-drop.ts';
import { removalCount } from './selection.ts';
import { similarityMatrix, type Activations, type SimilarityMeasure } from './similarity.ts';
import { presentUnits, removeUnits } from './surgery.ts';
import { synflowScores } from './synflow.ts';
import { taylorScores } from './taylor.ts';
import { createTap, unitBoundary } from './unit-graph.ts';

export type ContributionMetric = 'synflow' | 'taylor' | 'magnitude' | 'loss-drop';

export interface BlockwiseOptions {
  /** fraction of the removable units to remove overall (spread over the blocks by size) */
  ratio: number;
  /**
   * instead of `ratio`: remove units until the model has at most this many parameters, taking
   * next the unit whose share of its block's contribution per parameter is smallest
   */
  maxParams?: number;
  /** blocks K; omitted = the elbow of the segmentation cost curve */
  blocks?: number;
  similarity?: SimilarityMeasure;
  contribution?: ContributionMetric;
  /** calibration samples for the similarity matrix (default 512) */
  calibrationSamples?: number;
  /** validation data, needed by loss-drop */
  val?: DataSource;
}

export interface BlockwisePlan {
  units: string[];
  similarity: number[][];
  blocks: string[][];
  segmentationCosts: number[];
  contribution: Record<string, number>;
  remove: string[];
}

/** Outputs of the given units on up to `samples` calibration samples, one n × p matrix per unit. */
export function unitOutputs(model: tfl.LayersModel, units: readonly RemovableUnit[], data: DataSource, samples: number): Activations[] {
  const tap = createTap(model, units.map((u) => unitBoundary(model, u).output));
  const parts: Float32Array[][] = units.map(() => []);
  let n = 0;
  for (const b of data.batches(Math.min(samples, 128), null)) {
    const take = Math.min(b.n, samples - n);
    const acts = tap(b.x.subarray(0, take * 2 * data.length), take, data.length);
    acts.forEach((a, i) => parts[i]!.push(a));
    n += take;
    if (n >= samples) break;
  }
  if (n < 2) throw new AppError('VALIDATION', `block-wise pruning needs at least 2 calibration samples, found ${n}`);
  return parts.map((chunks) => {
    const total = chunks.reduce((s, c) => s + c.length, 0);
    const data = new Float32Array(total);
    let at = 0;
    for (const c of chunks) {
      data.set(c, at);
      at += c.length;
    }
    return { data, n, p: total / n };
  });
}

/** Spreads `total` removals over blocks in proportion to their size, keeping ≥ 1 unit per block. */
export function allocateRemovals(sizes: readonly number[], total: number): number[] {
  const room = sizes.map((s) => s - 1);
  if (total > room.reduce((a, b) => a + b, 0)) {
    throw new AppError('VALIDATION', `cannot remove ${total} units while keeping one in each of ${sizes.length} blocks`);
  }
  const n = sizes.reduce((a, b) => a + b, 0);
  const share = sizes.map((s) => (total * s) / n);
  const quota = share.map((q, i) => Math.min(room[i]!, Math.floor(q)));
  let left = total - quota.reduce((a, b) => a + b, 0);
  const order = share.map((q, i) => ({ i, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r || a.i - b.i);
  while (left > 0) {
    for (const { i } of order) {
      if (left > 0 && quota[i]! < room[i]!) {
        quota[i]!++;
        left--;
      }
    }
  }
  return quota;
}

function contributions(metric: ContributionMetric, model: tfl.LayersModel, spec: ModelSpec, units: RemovableUnit[], calibration: DataSource, val?: DataSource): UnitScores {
  switch (metric) {
    case 'synflow':
      return unitScoresFromLayers(units, synflowScores(model));
    case 'taylor':
      return unitScoresFromLayers(units, taylorScores(model, calibration));
    case 'magnitude':
      return unitScoresFromLayers(units, magnitudeScores(model, 1));
    case 'loss-drop':
      if (!val) throw new AppError('VALIDATION', 'block-wise pruning with loss-drop contributions needs validation data');
      return lossDropScores(model, spec, units, val);
  }
}

function unitParams(model: tfl.LayersModel, unit: RemovableUnit): number {
  return unit.layers.reduce((n, name) => n + model.getLayer(name).trainableWeights.reduce((m, w) => m + w.shape.reduce<number>((p, d) => p * (d ?? 1), 1), 0), 0);
}

/** Greedy removal down to a parameter budget, always keeping one unit per block. */
function removeToBudget(model: tfl.LayersModel, ranked: RemovableUnit[][], scores: UnitScores, maxParams: number): string[] {
  let params = model.trainableWeights.reduce((m, w) => m + w.shape.reduce<number>((p, d) => p * (d ?? 1), 1), 0);
  const next = ranked.map(() => 0);
  const totals = ranked.map((block) => block.reduce((s, u) => s + Math.abs(scores.get(u.id)!), 0) || 1);
  const remove: string[] = [];
  while (params > maxParams) {
    let pick = -1;
    let cheapest = Infinity;
    ranked.forEach((block, b) => {
      if (next[b]! >= block.length - 1) return;
      const u = block[next[b]!]!;
      const cost = Math.abs(scores.get(u.id)!) / totals[b]! / unitParams(model, u);
      if (cost < cheapest) {
        cheapest = cost;
        pick = b;
      }
    });
    if (pick < 0) break;
    const u = ranked[pick]![next[pick]!]!;
    next[pick]!++;
    params -= unitParams(model, u);
    remove.push(u.id);
  }
  return remove;
}

export function planBlockwise(model: tfl.LayersModel, spec: ModelSpec, calibration: DataSource, opts: BlockwiseOptions): BlockwisePlan {
  const units = presentUnits(spec);
  if (units.length < 2) throw new AppError('VALIDATION', `${spec.arch}: block-wise pruning needs at least 2 removable units, the model has ${units.length}`);
  const similarity = similarityMatrix(unitOutputs(model, units, calibration, opts.calibrationSamples ?? 512), opts.similarity ?? 'cka');
  const elbow = segmentationElbow(similarity, units.length);
  const k = opts.blocks ?? elbow.elbow;
  if (!Number.isInteger(k) || k < 1 || k > units.length) throw new AppError('VALIDATION', `blocks must be an integer from 1 to ${units.length}, got ${k}`);
  const { starts } = fisherSegmentation(similarity, k);
  const blocks = starts.map((s, b) => units.slice(s, starts[b + 1] ?? units.length));
  const scores = contributions(opts.contribution ?? 'synflow', model, spec, units, calibration, opts.val);
  const ranked = blocks.map((block) => [...block].sort((u, v) => scores.get(u.id)! - scores.get(v.id)!));
  const remove =
    opts.maxParams === undefined
      ? ranked.flatMap((block, b) => block.slice(0, allocateRemovals(blocks.map((x) => x.length), removalCount(units.length, opts.ratio))[b]).map((u) => u.id))
      : removeToBudget(model, ranked, scores, opts.maxParams);
  return {
    units: units.map((u) => u.id),
    similarity,
    blocks: blocks.map((b) => b.map((u) => u.id)),
    segmentationCosts: elbow.costs,
    contribution: Object.fromEntries(scores),
    remove: units.map((u) => u.id).filter((id) => remove.includes(id)),
  };
}

/** Plans and reassembles: the smaller model with the kept units and the parent's weights. */
export function blockwisePrune(model: tfl.LayersModel, spec: ModelSpec, calibration: DataSource, opts: BlockwiseOptions): { plan: BlockwisePlan; spec: ModelSpec; model: tfl.LayersModel } {
  const plan = planBlockwise(model, spec, calibration, opts);
  return { plan, ...removeUnits(model, spec, plan.remove) };
}
