// One entry point for every layer-selection metric: a score per removable unit the model has.
import type { ModelSpec } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';
import type { DataSource } from '../train/data.ts';
import { magnitudeScores, unitScoresFromLayers, type UnitScores } from './layer-scores.ts';
import { lossDropScores } from './loss-drop.ts';
import { randomScores, reverseOrderScores, type SelectionMetric } from './selection.ts';
import { presentUnits } from './surgery.ts';
import { taylorScores } from './taylor.ts';
import { blockInfluenceScores } from './unit-influence.ts';

export interface ScoringContext {
  /** calibration batches for taylor and block-influence */
  calibration: DataSource;
  /** held-out data for loss-drop */
  val: DataSource;
  seed: number;
  /** taylor: calibration batches to accumulate (default 10) */
  taylorBatches?: number;
  batchSize?: number;
}

export function scoreUnits(metric: SelectionMetric, model: tfl.LayersModel, spec: ModelSpec, ctx: ScoringContext): UnitScores {
  const units = presentUnits(spec);
  switch (metric) {
    case 'reverse-order':
      return reverseOrderScores(units);
    case 'random':
      return randomScores(units, ctx.seed);
    case 'magnitude-l1':
      return unitScoresFromLayers(units, magnitudeScores(model, 1));
    case 'magnitude-l2':
      return unitScoresFromLayers(units, magnitudeScores(model, 2));
    case 'taylor':
      return unitScoresFromLayers(units, taylorScores(model, ctx.calibration, { batches: ctx.taylorBatches, batchSize: ctx.batchSize }));
    case 'loss-drop':
      return lossDropScores(model, spec, units, ctx.val, ctx.batchSize);
    case 'block-influence':
      return blockInfluenceScores(model, units, ctx.calibration, ctx.batchSize);
  }
}
