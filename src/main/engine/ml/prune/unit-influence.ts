// Block influence of every removable unit of a model (a metric of “Reassessing Layer Pruning in LLMs: New
// Insights and Methods”): 1 − cos(h_in, h_out) over one calibration batch, the activations read from a model
// tapped at the unit boundaries.
import { AppError } from '../../../../shared/errors.ts';
import type { RemovableUnit } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';
import type { DataSource } from '../train/data.ts';
import { blockInfluence } from './block-influence.ts';
import type { UnitScores } from './layer-scores.ts';
import { createTap, unitBoundary } from './unit-graph.ts';

export function blockInfluenceScores(model: tfl.LayersModel, units: readonly RemovableUnit[], calibration: DataSource, batchSize = 128): UnitScores {
  const first = calibration.batches(batchSize, null)[Symbol.iterator]().next();
  if (first.done) throw new AppError('VALIDATION', 'block influence needs a calibration set with at least one sample');
  const batch = first.value;
  const bounds = units.map((u) => unitBoundary(model, u));
  const acts = createTap(model, bounds.flatMap((b) => [b.input, b.output]))(batch.x, batch.n, calibration.length);
  return new Map(units.map((u, i) => [u.id, blockInfluence(acts[2 * i]!, acts[2 * i + 1]!)]));
}
