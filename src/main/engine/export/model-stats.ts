// The size and cost a deployment report quotes: the same counts the training and pruning
// figures use (ml/models/complexity.ts), so a model reports one parameter count everywhere.
import type * as tfl from '@tensorflow/tfjs-layers';
import { countMacs, parameterCounts } from '../ml/models/complexity.ts';

export interface ModelStats {
  /** trainable parameters */
  params: number;
  /** every stored weight, batch-norm running statistics included */
  totalParams: number;
  /** multiply-accumulates for one sample */
  macs: number;
}

export function modelStats(model: tfl.LayersModel): ModelStats {
  const { trainable, total } = parameterCounts(model);
  return { params: trainable, totalParams: total, macs: countMacs(model) };
}
