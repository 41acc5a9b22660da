// What a training loop asks of the code that runs its steps, on this thread, on helper threads
// (data-parallel.ts) or on a device (device-steps.ts).
import type { ModelSpec } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';
import type { TrainingOptimizer } from './optimizer.ts';
import type { ShardInput } from './shard-gradients.ts';

export interface StepResult {
  /** mean loss over the batch */
  loss: number;
  hits: number;
}

/** Sums over the steps whose figures have come back. */
export interface StepTally {
  /** loss × samples, summed */
  lossSum: number;
  hits: number;
  samples: number;
}

export interface StepRunner {
  readonly threads: number;
  /** one step, its figures awaited */
  step(batch: ShardInput): Promise<StepResult>;
  /**
   * One step whose figures may come later: returns the tally of the earlier steps whose figures
   * are in, or null (on a device they are read every few steps; on the CPU at once).
   */
  queueStep(batch: ShardInput): Promise<StepTally | null>;
  /** the tally of every queued step not yet returned, or null */
  drain(): Promise<StepTally | null>;
  /** inference-mode logits of a batch, [n][classes] row-major */
  logits(batch: { x: Float32Array; n: number }): Promise<Float32Array>;
  /** where every thread's dropout layers stand (this thread's first), for a checkpoint */
  dropoutPositions(): number[][];
  dispose(): Promise<void>;
}

export interface StepRunnerOptions {
  model: tfl.LayersModel;
  optimizer: TrainingOptimizer;
  length: number;
  numClasses: number;
  /** threads to train on, this one included */
  threads: number;
  /** the model's spec and seed, to build replicas; required when threads > 1 */
  spec?: ModelSpec;
  seed?: number;
  /** per thread, where its dropout layers stood at a checkpoint (dropoutPositions) */
  dropout?: number[][];
}
