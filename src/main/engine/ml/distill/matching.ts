// The distribution-matching loss of one domain and its gradient with respect to the synthetic
// signals: L = Σ_g ‖ mean ψ(T_g) − mean ψ(S_g) ‖² over the groups g (classes or class × SNR cells).
import { tf } from '../tfjs.ts';

/** Maps signals to features: an embedder, after the domain's transform (e.g. a DFT). */
export type Embed = (x: tf.Tensor3D) => tf.Tensor2D;

/** Real signals per forward pass: bounds the activations held at once whatever the batch. */
export const REAL_CHUNK = 512;

/**
 * The [G, n] matrix that averages consecutive runs of rows: row g holds 1/sizes[g] over its run.
 * `from`/`count` cut out the columns of rows from … from + count − 1.
 */
function averagingMatrix(sizes: readonly number[], from = 0, count = sizes.reduce((a, b) => a + b, 0)): tf.Tensor2D {
  const m = new Float32Array(sizes.length * count);
  let start = 0;
  sizes.forEach((size, g) => {
    const lo = Math.max(start, from);
    const hi = Math.min(start + size, from + count);
    for (let i = lo; i < hi; i++) m[g * count + (i - from)] = 1 / size;
    start += size;
  });
  return tf.tensor2d(m, [sizes.length, count]);
}

/**
 * Mean features of each group's real signals, [G, F]. `signals` is [Σ sizes][2][length], the
 * groups one after the other. Forward passes only, in chunks of REAL_CHUNK.
 */
export function realGroupMeans(embed: Embed, signals: Float32Array, sizes: readonly number[], length: number): tf.Tensor2D {
  const total = sizes.reduce((a, b) => a + b, 0);
  const per = 2 * length;
  let sum: tf.Tensor2D | null = null;
  for (let from = 0; from < total; from += REAL_CHUNK) {
    const count = Math.min(REAL_CHUNK, total - from);
    const part: tf.Tensor2D = tf.tidy(() => {
      const x = tf.tensor3d(signals.subarray(from * per, (from + count) * per), [count, 2, length]);
      return tf.matMul(averagingMatrix(sizes, from, count), embed(x));
    });
    if (sum === null) sum = part;
    else {
      const next: tf.Tensor2D = tf.add(sum, part);
      sum.dispose();
      part.dispose();
      sum = next;
    }
  }
  return sum!;
}

/** Σ_g ‖realMeans_g − mean of the synthetic group g‖²; synthetic is [G·ipc, 2, L], group-major. */
export function matchingLoss(embed: Embed, realMeans: tf.Tensor2D, synthetic: tf.Tensor3D, ipc: number): tf.Scalar {
  return tf.tidy(() => {
    const groups = realMeans.shape[0];
    const synMeans = tf.matMul(averagingMatrix(new Array<number>(groups).fill(ipc)), embed(synthetic));
    return tf.sum(tf.square(tf.sub(realMeans, synMeans)));
  });
}

export interface DomainMatch {
  loss: number;
  /** ∂L/∂S, laid out as S */
  gradient: Float32Array;
}

/** The loss of one domain and its gradient with respect to the synthetic signals (embedded by `embedSynthetic`). */
export function matchDomain(embed: Embed, real: Float32Array, realSizes: readonly number[], synthetic: Float32Array, ipc: number, length: number, embedSynthetic: Embed = embed): DomainMatch {
  const realMeans = realGroupMeans(embed, real, realSizes, length);
  const s = tf.tensor3d(synthetic, [synthetic.length / (2 * length), 2, length]);
  try {
    const { value, grad } = tf.valueAndGrad((v: tf.Tensor3D) => matchingLoss(embedSynthetic, realMeans, v, ipc))(s);
    const loss = value.dataSync()[0]!;
    const gradient = grad.dataSync() as Float32Array;
    value.dispose();
    grad.dispose();
    return { loss, gradient };
  } finally {
    s.dispose();
    realMeans.dispose();
  }
}
