// Differentiable augmentation inside the matching (the DSA idea, which DM uses too), made for
// I/Q: each iteration draws one transform — a phase rotation of [I, Q], a circular time shift and
// a gain — and applies it alike to the real batch and to S before they are embedded. Phase,
// timing and level are random per received signal, so without it the class-mean target averages
// them away and pulls S towards that average; with it S is matched as its orbit under the
// transforms, and the gradient reaches S through the transform.
import { createRng } from '../../base/random.ts';
import { tf } from '../tfjs.ts';

export interface IqTransform {
  /** radians: [I', Q'] = [I cos θ − Q sin θ, I sin θ + Q cos θ] */
  angle: number;
  /** samples, 0 … length − 1: x'[t] = x[(t + shift) mod length] */
  shift: number;
  gain: number;
}

/** The gain range drawn from, as DSA's scale range (±20 %). */
export const GAIN_RANGE: readonly [number, number] = [0.8, 1.2];

export function drawIqTransform(seed: number, length: number): IqTransform {
  const rng = createRng(seed);
  const angle = 2 * Math.PI * rng.next();
  const shift = rng.int(length);
  const gain = GAIN_RANGE[0] + (GAIN_RANGE[1] - GAIN_RANGE[0]) * rng.next();
  return { angle, shift, gain };
}

/** [n, 2, L] → [n, 2, L]; only differentiable ops, so ∂/∂x flows back through it. */
export function applyIqTransform(x: tf.Tensor3D, t: IqTransform): tf.Tensor3D {
  return tf.tidy(() => {
    const length = x.shape[2];
    const [i, q] = tf.split(x, 2, 1) as [tf.Tensor3D, tf.Tensor3D];
    const c = t.gain * Math.cos(t.angle);
    const s = t.gain * Math.sin(t.angle);
    const rotated = tf.concat([tf.sub(tf.mul(i, c), tf.mul(q, s)), tf.add(tf.mul(i, s), tf.mul(q, c))], 1) as tf.Tensor3D;
    if (t.shift === 0) return rotated;
    const head = tf.slice(rotated, [0, 0, t.shift], [-1, -1, length - t.shift]);
    const tail = tf.slice(rotated, [0, 0, 0], [-1, -1, t.shift]);
    return tf.concat([head, tail], 2) as tf.Tensor3D;
  });
}
