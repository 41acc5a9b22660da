// What the training loop needs of an optimizer, and the checkpoint layout all ours share:
// TF.js's own ('iter', then each state slot for every trainable weight in model order), so a
// checkpoint written with TF.js's optimizers restores into ours and back.
import { AppError } from '../../../../shared/errors.ts';
import type { NamedWeights } from '../persist/weights.ts';
import type { tf, tfl } from '../tfjs.ts';

export interface TrainingOptimizer {
  learningRate: number;
  /** optimizer steps taken */
  readonly iterations: number;
  /** one update of the model's trainable weights by d(loss)/d(weights), concatenated in model order */
  apply(gradients: Float32Array): void;
  /** the same from gradient tensors keyed by variable name, left where they are; only optimizers that run on a device have it */
  applyTensors?(gradients: tf.NamedTensorMap): void;
  /** what a checkpoint needs to continue exactly */
  state(): Promise<NamedWeights>;
  restore(state: NamedWeights, where: string): Promise<void>;
  dispose(): void;
}

export interface OptimizerConfig {
  optimizer: 'adam' | 'sgd';
  learningRate: number;
  /** SGD only; 0 = plain SGD */
  momentum?: number;
  /** Adam only; default TF.js's float32 epsilon, 1e-7 */
  epsilon?: number;
}

export const adamDefaults = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** Names of the per-weight state slots, in checkpoint order. */
export function slotNames(c: OptimizerConfig): string[] {
  return c.optimizer === 'adam' ? ['m', 'v'] : ['momentum'];
}

/** Trainable weights in model order: their stable names and sizes. */
export function trainableSlots(model: tfl.LayersModel): { name: string; shape: number[]; size: number }[] {
  return model.trainableWeights.map((w) => {
    const shape = w.shape as number[];
    return { name: w.originalName, shape, size: shape.reduce((a, b) => a * b, 1) };
  });
}

/** A checkpoint from the step count and each slot's values, flat in model order. */
export function stateOf(model: tfl.LayersModel, iterations: number, slots: [string, Float32Array][]): NamedWeights {
  const out: NamedWeights = new Map([['iter', { shape: [], values: Float32Array.of(iterations) }]]);
  for (const [suffix, flat] of slots) {
    let offset = 0;
    for (const s of trainableSlots(model)) {
      out.set(`${s.name}/${suffix}`, { shape: s.shape, values: flat.slice(offset, offset + s.size) });
      offset += s.size;
    }
  }
  return out;
}

/**
 * Reads a checkpoint back into flat slots, by position (TF.js names slots after its variables,
 * whose suffixes depend on the process). Returns the step count.
 */
export function readState(model: tfl.LayersModel, state: NamedWeights, where: string, into: Float32Array[]): number {
  const entries = [...state.entries()];
  const iter = entries.find(([name]) => name === 'iter');
  if (!iter || iter[1].values.length !== 1) throw new AppError('BAD_FILE', `${where}: no iteration count`);
  const rest = entries.filter((e) => e !== iter).map(([, w]) => w);
  const slots = trainableSlots(model);
  if (rest.length !== slots.length * into.length) {
    throw new AppError('BAD_FILE', `${where}: ${rest.length} state tensors for ${slots.length} weights × ${into.length} slots`);
  }
  into.forEach((flat, k) => {
    let offset = 0;
    slots.forEach((s, i) => {
      const w = rest[k * slots.length + i]!;
      if (w.values.length !== s.size) throw new AppError('BAD_FILE', `${where}: state of weight '${s.name}' has ${w.values.length} values, the model's ${s.size}`);
      flat.set(w.values, offset);
      offset += s.size;
    });
  });
  return iter[1].values[0]!;
}

export function checkGradientLength(gradients: Float32Array, size: number): void {
  if (gradients.length !== size) throw new AppError('INTERNAL', `${gradients.length} gradients for ${size} trainable values`);
}
