// The differentiable halves of the clustering objective, as TF.js ops on a batch: the Student-t
// soft assignment Q of embeddings to centres, KL(P‖Q) against a fixed target P, and the pairwise
// term on Q's rows. Callers run them inside a tidy or a gradient tape.
import { tf } from '../tfjs.ts';

/** Q [n, k] from embeddings z [n, d] and centres [k, d]; rows sum to 1. */
export function studentTTensor(z: tf.Tensor2D, centres: tf.Tensor2D, alpha = 1): tf.Tensor2D {
  return tf.tidy(() => {
    const squared = tf.sum(tf.square(tf.sub(tf.expandDims(z, 1), tf.expandDims(centres, 0))), 2);
    const kernel = tf.pow(tf.add(1, tf.div(squared, alpha)), -(alpha + 1) / 2);
    return tf.div(kernel, tf.sum(kernel, 1, true)) as tf.Tensor2D;
  });
}

/** KL(P‖Q) averaged over the batch's rows; P is a constant target (zero entries contribute 0). */
export function klTensor(p: tf.Tensor2D, q: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const safeP = tf.maximum(p, 1e-30);
    const terms = tf.mul(p, tf.sub(tf.log(safeP), tf.log(tf.maximum(q, 1e-30))));
    return tf.div(tf.sum(terms), p.shape[0]) as tf.Scalar;
  });
}

/**
 * Binary cross-entropy between the chance two rows share a cluster, s_ij = q_i · q_j, and a 0/1
 * target, averaged over the pairs a mask selects (a zero mask gives 0).
 */
export function pairwiseTensor(q: tf.Tensor2D, target: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const same = tf.clipByValue(tf.matMul(q, q, false, true), 1e-7, 1 - 1e-7);
    const bce = tf.neg(tf.add(tf.mul(target, tf.log(same)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, same)))));
    return tf.div(tf.sum(tf.mul(bce, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}
