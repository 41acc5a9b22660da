// How many samples one forward and backward pass may hold at once. The wasm backend lives in a
// 32-bit heap (4 GiB at most, and malloc failing there corrupts it instead of throwing): VT-CNN2
// at the DeepSig batch of 1024 peaks near 3.9 GiB. Larger batches are therefore computed as
// micro-batches whose gradients are accumulated before one optimizer step.
import { tf, type tfl } from '../tfjs.ts';

/** Peak heap of one training pass over the activations it stores, measured ≈ 4.4× on VT-CNN2. */
const PEAK_PER_ACTIVATION_BYTE = 6;

/** Heap a training pass may take: well under 4 GiB, leaving room for growth steps and fragmentation. */
const WASM_PASS_BUDGET_BYTES = 1.5 * 2 ** 30;

/** float32 values of every layer output for one sample. */
export function activationFloatsPerSample(model: tfl.LayersModel): number {
  let total = 0;
  for (const layer of model.layers) {
    const shapes = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as (number | null)[][];
    for (const shape of shapes) total += shape.slice(1).reduce((a: number, b) => a * (b ?? 1), 1);
  }
  return total;
}

/** Largest number of samples per training pass on the current backend (Infinity: no limit). */
export function microBatchSize(model: tfl.LayersModel): number {
  if (tf.getBackend() !== 'wasm') return Number.POSITIVE_INFINITY;
  const perSample = activationFloatsPerSample(model) * 4 * PEAK_PER_ACTIVATION_BYTE;
  return Math.max(1, Math.floor(WASM_PASS_BUDGET_BYTES / perSample));
}
