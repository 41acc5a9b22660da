import { AppError } from '../../../shared/errors.ts';

/**
 * Lays out stored samples ([n][2][L], row 0 = I, row 1 = Q) for a model whose per-sample input
 * shape is [2, L], [2, L, 1] (same memory order) or [L, 2] (I/Q interleaved per time step).
 */
export function toModelInput(x: Float32Array, count: number, length: number, inputShape: number[]): Float32Array {
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (size !== 2 * length) throw new AppError('VALIDATION', `model input ${JSON.stringify(inputShape)} does not hold samples of 2 × ${length}`);
  if (inputShape[0] === 2) return x.subarray(0, count * size);
  if (inputShape[0] === length && inputShape[1] === 2) {
    const out = new Float32Array(count * size);
    for (let s = 0; s < count; s++) {
      const base = s * size;
      for (let t = 0; t < length; t++) {
        out[base + 2 * t] = x[base + t]!;
        out[base + 2 * t + 1] = x[base + length + t]!;
      }
    }
    return out;
  }
  throw new AppError('UNSUPPORTED', `model input ${JSON.stringify(inputShape)}: expected [2, ${length}], [2, ${length}, 1] or [${length}, 2]`);
}
