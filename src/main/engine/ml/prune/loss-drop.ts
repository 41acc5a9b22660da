// Loss-drop (the perplexity metric of “Reassessing Layer Pruning in LLMs: New Insights and Methods”):
// validation loss of the model with one unit skipped minus that of the full model. Skipping is real removal —
// the unit's input goes straight on, which for a residual block is exactly the identity path.
import { AppError } from '../../../../shared/errors.ts';
import type { ModelSpec, RemovableUnit } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';
import type { DataSource } from '../train/data.ts';
import { evaluateLoss } from '../train/trainer.ts';
import type { UnitScores } from './layer-scores.ts';
import { removeUnits } from './surgery.ts';

export function lossDropScores(model: tfl.LayersModel, spec: ModelSpec, units: readonly RemovableUnit[], val: DataSource, batchSize = 256): UnitScores {
  if (val.count === 0) throw new AppError('VALIDATION', 'loss-drop needs a validation set with at least one sample');
  const full = evaluateLoss(model, val, batchSize, spec.numClasses).loss;
  const scores: UnitScores = new Map();
  for (const u of units) {
    const { model: skipped } = removeUnits(model, spec, [u.id]);
    try {
      scores.set(u.id, evaluateLoss(skipped, val, batchSize, spec.numClasses).loss - full);
    } finally {
      skipped.dispose();
    }
  }
  return scores;
}
