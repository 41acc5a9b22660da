// Dropout keep-masks drawn from a seeded xoshiro128** stream straight into a Float32Array.
// tf.dropout draws every value through JavaScript's seedrandom (tens of ns each) and then runs
// four elementwise ops, which together cost more than the arithmetic of a VT-CNN2 training step.
import { createRng } from '../../base/random.ts';
import { tf } from '../tfjs.ts';

/** What a mask is drawn from: a xoshiro128** state, the largest draw that keeps a unit, and the kept units' value. */
interface MaskStream {
  state: [number, number, number, number];
  /** a 32-bit draw ≤ this keeps the unit (probability 1 − rate, exact to 2⁻³²) */
  keepAtMost: number;
  /** 1 / (1 − rate): inverted dropout keeps the expected activation */
  scale: number;
}

function maskStream(rate: number, seed: number): MaskStream {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate must be in [0, 1), got ${rate}`);
  const keep = 1 - rate;
  const init = createRng(seed);
  const state: MaskStream['state'] = [init.nextUint32() | 0, init.nextUint32() | 0, init.nextUint32() | 0, init.nextUint32() | 0];
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  // draw < keep·2³² for a whole draw is draw ≤ ⌈keep·2³²⌉ − 1
  return { state, keepAtMost: Math.ceil(keep * 4294967296) - 1, scale: 1 / keep };
}

/**
 * Fills `mask` with 1 / (1 - rate) with probability 1 - rate, else 0 (inverted dropout, so the
 * expected activation is unchanged). The same length, rate and seed always give the same mask.
 */
export function fillDropoutMask(mask: Float32Array, rate: number, seed: number): Float32Array {
  const { state, keepAtMost, scale } = maskStream(rate, seed);
  let [a, b, c, d] = state;
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
    mask[i] = scale * +(draw <= keepAtMost);
  }
  return mask;
}

export function dropoutMask(size: number, rate: number, seed: number): Float32Array {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`mask size must be a non-negative integer, got ${size}`);
  return fillDropoutMask(new Float32Array(size), rate, seed);
}

/** The kernel that draws a mask straight into the wasm backend's memory (kernels/dropout-mask.ts). */
export const DropoutMaskKernel = 'AmrDropoutMask';

/** The dropoutMask of `shape`'s size as a float32 tensor of that shape. */
export function dropoutMaskTensor(shape: readonly number[], rate: number, seed: number): tf.Tensor {
  if (tf.getBackend() === 'wasm' && tf.getKernel(DropoutMaskKernel, 'wasm')) {
    return tf.engine().runKernel(DropoutMaskKernel, {}, { shape: [...shape], rate, seed }) as tf.Tensor;
  }
  const size = shape.reduce((p, s) => p * s, 1);
  return tf.tensor(dropoutMask(size, rate, seed), [...shape], 'float32');
}
