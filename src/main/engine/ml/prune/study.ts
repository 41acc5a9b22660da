// The pruning study, after the comparison of “Reassessing Layer Pruning in LLMs: New Insights and Methods”:
// on one trained model, every method ×
// recovery (× ratio) is cut, fine-tuned and measured — params, MACs, bytes, accuracy overall
// and per SNR, latency — next to the unpruned baseline, in one table.
import { AppError } from '../../../../shared/errors.ts';
import { evaluateModel } from '../eval/evaluate.ts';
import type { ModelSpec } from '../models/spec.ts';
import { readModelWeights } from '../persist/weights.ts';
import type { tfl } from '../tfjs.ts';
import type { DataSource } from '../train/data.ts';
import { countParams } from '../models/complexity.ts';
import { cutModel, type CutConfig, type PruneMethod } from './cut.ts';
import { modelCost, type ModelCost } from './measure.ts';
import { parseRecovery, recover } from './recovery.ts';
import { buildWithWeights } from './surgery.ts';

export interface StudyConfig {
  methods: PruneMethod[];
  recoveries: string[];
  ratios: number[];
  epochs: number;
  seed: number;
  trainingLearningRate?: number;
  batchSize?: number;
  /** block-wise and channel options; with `matchParams` both are cut to reverse-order's size */
  blocks?: number;
  contribution?: CutConfig['contribution'];
  calibrationSamples?: number;
  matchParams?: boolean;
  distill?: boolean;
  latencyRepeats?: number;
  /** only these cells of studyCells(config), by index; all when absent */
  cells?: number[];
}

export interface StudyData {
  train: DataSource;
  val: DataSource;
  test: DataSource;
  calibration: DataSource;
  classes: string[];
}

export interface StudyRow extends ModelCost {
  method: PruneMethod | 'baseline';
  recovery: string;
  ratio: number;
  removed: string[];
  /** channel pruning: the filter ratio actually used */
  channelRatio?: number;
  /** block-wise: the blocks found by segmentation */
  blocks?: string[][];
  accuracy: number;
  perSnr: { snr: number; accuracy: number }[];
  trainableParams: number;
  fineTuneSeconds: number;
}

export interface StudyHooks {
  onRow?: (row: StudyRow, done: number, total: number) => void;
  signal?: AbortSignal;
}

function evaluateRow(model: tfl.LayersModel, data: StudyData, batchSize: number): Pick<StudyRow, 'accuracy' | 'perSnr'> {
  const report = evaluateModel(model, data.test, data.classes, batchSize);
  return { accuracy: report.accuracy, perSnr: report.perSnr.map((s) => ({ snr: s.snr, accuracy: s.accuracy })) };
}

/** One row of the study table: the unpruned baseline, or one method × recovery at one ratio. */
export type StudyCell = { kind: 'baseline' } | { kind: 'pruned'; method: PruneMethod; recovery: string; ratio: number };

/** Methods in the order they are cut: reverse-order first, so the others can be matched to its size. */
function cutOrder(methods: readonly PruneMethod[]): PruneMethod[] {
  return [...methods].sort((a, b) => Number(b === 'reverse-order') - Number(a === 'reverse-order'));
}

/**
 * The table's rows in order: the baseline, then per ratio each method (reverse-order first)
 * with each recovery. A cell's index is its place in this list; a study can run any subset
 * of cells (one per task on a cluster) and the rows come out the same as in the whole study.
 */
export function studyCells(config: Pick<StudyConfig, 'methods' | 'recoveries' | 'ratios'>): StudyCell[] {
  const cells: StudyCell[] = [{ kind: 'baseline' }];
  for (const ratio of config.ratios) {
    for (const method of cutOrder(config.methods)) {
      for (const recovery of config.recoveries) cells.push({ kind: 'pruned', method, recovery, ratio });
    }
  }
  return cells;
}

function wantedCells(config: StudyConfig, count: number): Set<number> {
  if (!config.cells) return new Set(Array.from({ length: count }, (_, i) => i));
  const bad = config.cells.filter((c) => !Number.isInteger(c) || c < 0 || c >= count);
  if (bad.length) throw new AppError('VALIDATION', `study cells ${bad.join(', ')} do not exist: this study has cells 0..${count - 1}`);
  return new Set(config.cells);
}

export async function runPruningStudy(parent: tfl.LayersModel, spec: ModelSpec, data: StudyData, config: StudyConfig, hooks: StudyHooks = {}): Promise<StudyRow[]> {
  if (config.methods.length === 0 || config.recoveries.length === 0 || config.ratios.length === 0) {
    throw new AppError('VALIDATION', 'a pruning study needs at least one method, one recovery and one ratio');
  }
  const recoveries = config.recoveries.map(parseRecovery);
  const batchSize = config.batchSize ?? 64;
  const repeats = config.latencyRepeats ?? 5;
  const wanted = wantedCells(config, studyCells(config).length);
  const total = wanted.size;
  const rows: StudyRow[] = [];
  const push = (row: StudyRow): void => {
    rows.push(row);
    hooks.onRow?.(row, rows.length, total);
  };
  if (wanted.has(0)) {
    push({ method: 'baseline', recovery: 'none', ratio: 0, removed: [], ...modelCost(parent, { repeats }), ...evaluateRow(parent, data, batchSize), trainableParams: 0, fineTuneSeconds: 0 });
  }
  const methods = cutOrder(config.methods);
  const firstCell = (q: number, m: number): number => 1 + (q * methods.length + m) * recoveries.length;
  const runs = (q: number, m: number): boolean[] => recoveries.map((_, r) => wanted.has(firstCell(q, m) + r));
  for (const [q, ratio] of config.ratios.entries()) {
    let reverseParams: number | undefined;
    // reverse-order's size is needed whenever a size-matched method runs at this ratio
    const matchedHere = !!config.matchParams && methods.some((m, i) => (m === 'channel' || m === 'blockwise') && runs(q, i).some(Boolean));
    for (const [m, method] of methods.entries()) {
      const runHere = runs(q, m);
      if (!runHere.some(Boolean) && !(method === 'reverse-order' && matchedHere)) continue;
      if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'the pruning study was cancelled');
      const matchParams = (method === 'channel' || method === 'blockwise') && config.matchParams ? reverseParams : undefined;
      const cut = cutModel(parent, spec, { method, ratio, seed: config.seed, blocks: config.blocks, contribution: config.contribution, calibrationSamples: config.calibrationSamples, matchParams }, data);
      try {
        if (method === 'reverse-order') reverseParams = countParams(cut.model);
        if (!runHere.some(Boolean)) continue;
        const cutWeights = readModelWeights(cut.model);
        const cost = modelCost(cut.model, { repeats });
        for (const [r, recovery] of recoveries.entries()) {
          if (!runHere[r]) continue;
          const model = buildWithWeights(cut.spec, cutWeights);
          try {
            const t0 = performance.now();
            const done = await recover(model, cut.spec, recovery, { train: data.train, val: data.val }, {
              epochs: config.epochs, batchSize, seed: config.seed, trainingLearningRate: config.trainingLearningRate,
              teacher: config.distill ? parent : undefined, hooks: { signal: hooks.signal },
            });
            push({
              method, recovery: done.recovery, ratio, removed: cut.removed, channelRatio: cut.channel?.ratio, blocks: cut.plan?.blocks,
              ...cost, ...evaluateRow(model, data, batchSize), trainableParams: done.trainableParams, fineTuneSeconds: (performance.now() - t0) / 1000,
            });
          } finally {
            model.dispose();
          }
        }
      } finally {
        cut.model.dispose();
      }
    }
  }
  return rows;
}
