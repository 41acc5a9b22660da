// Dropout keep-masks drawn from a seeded xoshiro128** stream straight into a Float32Array.
// tf.dropout draws every value through JavaScript's seedrandom (tens of ns each) and then runs
// four elementwise ops, which together cost more than the arithmetic of a VT-CNN2 training step.
import { createRng } from '../../base/random.ts';
import { tf } from '../tfjs.ts';

/**
 * Fills `mask` with 1 / (1 - rate) with probability 1 - rate, else 0 (inverted dropout, so the
 * expected activation is unchanged). The same length, rate and seed always give the same mask.
 */
export function fillDropoutMask(mask: Float32Array, rate: number, seed: number): Float32Array {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate must be in [0, 1), got ${rate}`);
  const keep = 1 - rate;
  const scale = 1 / keep;
  // A 32-bit draw below keep·2³² keeps the unit: exact to 2⁻³² for any rate.
  const threshold = keep * 4294967296;
  const init = createRng(seed);
  let a = init.nextUint32() | 0;
  let b = init.nextUint32() | 0;
  let c = init.nextUint32() | 0;
  let d = init.nextUint32() | 0;
  if ((a | b | c | d) === 0) a = 1;
  const size = mask.length;
  // xoshiro128** inlined on local int state, and a branch-free keep test: a closure call or a
  // mispredicted branch per unit would each cost more than the draw itself.
  for (let i = 0; i < size; i++) {
    const m = Math.imul(b, 5);
    const draw = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    mask[i] = scale * +(draw < threshold);
  }
  return mask;
}

export function dropoutMask(size: number, rate: number, seed: number): Float32Array {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`mask size must be a non-negative integer, got ${size}`);
  return fillDropoutMask(new Float32Array(size), rate, seed);
}

/**
 * Mask memory reused from step to step: first writes to fresh pages cost more than drawing the
 * mask. Only for the wasm backend, which copies a new tensor's values into its own heap; the cpu
 * backend keeps the array itself, so it gets a fresh one.
 */
let scratch = new Float32Array(0);

/** The dropoutMask of `shape`'s size as a float32 tensor of that shape. */
export function dropoutMaskTensor(shape: readonly number[], rate: number, seed: number): tf.Tensor {
  const size = shape.reduce((p, s) => p * s, 1);
  if (tf.getBackend() !== 'wasm') return tf.tensor(dropoutMask(size, rate, seed), [...shape], 'float32');
  if (scratch.length < size) scratch = new Float32Array(size);
  return tf.tensor(fillDropoutMask(scratch.subarray(0, size), rate, seed), [...shape], 'float32');
}
