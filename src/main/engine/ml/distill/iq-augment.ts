// Differentiable augmentation inside the matching (the DSA idea, which DM uses too), made for
// I/Q: each iteration draws one transform — a phase rotation of [I, Q], a circular time shift and
// a gain — and applies it alike to the real batch and to S before they are embedded. Phase,
// timing and level are random per received signal, so without it the class-mean target averages
// them away and pulls S towards that average; with it S is matched as its orbit under the
// transforms, and the gradient reaches S through the transform.
//
// One shared transform per iteration still asks, in expectation, that S's features vary little
// under it (E‖m − ψ(T S)‖² = ‖m − E ψ(T S)‖² + Var ψ(T S)), i.e. that S be phase-blind. The
// 'orbit' variant drops that term: S is embedded as the mean over several transformed copies of
// itself, ‖m − mean_k ψ(T_k S)‖², so only its orbit's average has to look like the real class.
import { createRng, type Rng } from '../../base/random.ts';
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
  return drawIqTransformFrom(createRng(seed), length);
}

/** One transform from a running generator (the evaluation side draws one per signal). */
export function drawIqTransformFrom(rng: Rng, length: number): IqTransform {
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

/** Transformed copies of each synthetic signal in the 'orbit' variant. */
export const ORBIT_COPIES = 8;

/** `copies` transforms whose angles split the circle evenly from a random start; shifts and gains drawn. */
export function drawIqOrbit(seed: number, length: number, copies: number): IqTransform[] {
  const rng = createRng(seed);
  const start = 2 * Math.PI * rng.next();
  return Array.from({ length: copies }, (_, k) => ({
    angle: (start + (2 * Math.PI * k) / copies) % (2 * Math.PI),
    shift: rng.int(length),
    gain: GAIN_RANGE[0] + (GAIN_RANGE[1] - GAIN_RANGE[0]) * rng.next(),
  }));
}

/** mean_k embed(T_k x): [n, 2, L] → [n, F], one forward pass over all copies. */
export function orbitMean(embed: (x: tf.Tensor3D) => tf.Tensor2D, x: tf.Tensor3D, transforms: readonly IqTransform[]): tf.Tensor2D {
  return tf.tidy(() => {
    const copies = tf.concat(transforms.map((t) => applyIqTransform(x, t)), 0) as tf.Tensor3D;
    const features = embed(copies);
    return tf.mean(tf.reshape(features, [transforms.length, x.shape[0], -1]), 0) as tf.Tensor2D;
  });
}

/**
 * The evaluation side of DSA, as the DM reference trains its evaluation networks: every signal
 * of every training batch gets its own transform. A trainer's augment hook on [n][2][length] values.
 */
export function iqBatchAugment(length: number): (x: Float32Array, y: Int32Array, rng: Rng) => { x: Float32Array; y: Int32Array } {
  return (x, y, rng) => {
    const out = new Float32Array(x.length);
    const per = 2 * length;
    for (let k = 0; k < x.length / per; k++) {
      const t = drawIqTransformFrom(rng, length);
      const c = t.gain * Math.cos(t.angle);
      const s = t.gain * Math.sin(t.angle);
      for (let j = 0; j < length; j++) {
        const from = k * per + ((j + t.shift) % length);
        const i = x[from]!;
        const q = x[from + length]!;
        out[k * per + j] = i * c - q * s;
        out[k * per + length + j] = i * s + q * c;
      }
    }
    return { x: out, y };
  };
}
