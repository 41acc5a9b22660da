// The pruning study (METHODS §1 "what a user sees"): on one trained model, every method ×
// recovery (× ratio) is cut, fine-tuned and measured — params, MACs, bytes, accuracy overall
// and per SNR, latency — next to the unpruned baseline, in one table.
import { AppError } from '../../../../shared/errors.ts';
import { evaluateModel } from '../eval/evaluate.ts';
import type { ModelSpec } from '../models/spec.ts';
import { readModelWeights } from '../persist/weights.ts';
import type { tfl } from '../tfjs.ts';
import type { DataSource } from '../train/data.ts';
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

export async function runPruningStudy(parent: tfl.LayersModel, spec: ModelSpec, data: StudyData, config: StudyConfig, hooks: StudyHooks = {}): Promise<StudyRow[]> {
  if (config.methods.length === 0 || config.recoveries.length === 0 || config.ratios.length === 0) {
    throw new AppError('VALIDATION', 'a pruning study needs at least one method, one recovery and one ratio');
  }
  const recoveries = config.recoveries.map(parseRecovery);
  const batchSize = config.batchSize ?? 64;
  const repeats = config.latencyRepeats ?? 5;
  const total = 1 + config.ratios.length * config.methods.length * recoveries.length;
  const rows: StudyRow[] = [];
  const push = (row: StudyRow): void => {
    rows.push(row);
    hooks.onRow?.(row, rows.length, total);
  };
  push({ method: 'baseline', recovery: 'none', ratio: 0, removed: [], ...modelCost(parent, { repeats }), ...evaluateRow(parent, data, batchSize), trainableParams: 0, fineTuneSeconds: 0 });
  for (const ratio of config.ratios) {
    let reverseParams: number | undefined;
    // reverse-order first, so block-wise and channel pruning can be matched to its size
    const methods = [...config.methods].sort((a, b) => Number(b === 'reverse-order') - Number(a === 'reverse-order'));
    for (const method of methods) {
      if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'the pruning study was cancelled');
      const matchParams = (method === 'channel' || method === 'blockwise') && config.matchParams ? reverseParams : undefined;
      const cut = cutModel(parent, spec, { method, ratio, seed: config.seed, blocks: config.blocks, contribution: config.contribution, calibrationSamples: config.calibrationSamples, matchParams }, data);
      try {
        const cutWeights = readModelWeights(cut.model);
        const cost = modelCost(cut.model, { repeats });
        if (method === 'reverse-order') reverseParams = cost.params;
        for (const recovery of recoveries) {
          const model = buildWithWeights(cut.spec, cutWeights);
          try {
            const t0 = performance.now();
            const r = await recover(model, cut.spec, recovery, { train: data.train, val: data.val }, {
              epochs: config.epochs, batchSize, seed: config.seed, trainingLearningRate: config.trainingLearningRate,
              teacher: config.distill ? parent : undefined, hooks: { signal: hooks.signal },
            });
            push({
              method, recovery: r.recovery, ratio, removed: cut.removed, channelRatio: cut.channel?.ratio, blocks: cut.plan?.blocks,
              ...cost, ...evaluateRow(model, data, batchSize), trainableParams: r.trainableParams, fineTuneSeconds: (performance.now() - t0) / 1000,
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
