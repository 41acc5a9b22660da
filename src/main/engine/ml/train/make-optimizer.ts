// The optimizer for the backend in use: where training computes on this thread's cores the
// gradients arrive flat in JS memory and our flat optimizers apply them; on a device TF.js's own
// update runs where the tensors live.
import { tf, type tfl } from '../tfjs.ts';
import { isCoreBound } from './data-parallel.ts';
import { DeviceOptimizer } from './device-optimizer.ts';
import { makeFlatOptimizer } from './flat-optimizer.ts';
import type { OptimizerConfig, TrainingOptimizer } from './optimizer.ts';

export function makeTrainingOptimizer(model: tfl.LayersModel, config: OptimizerConfig): TrainingOptimizer {
  return isCoreBound(tf.getBackend()) ? makeFlatOptimizer(model, config) : new DeviceOptimizer(model, config);
}
