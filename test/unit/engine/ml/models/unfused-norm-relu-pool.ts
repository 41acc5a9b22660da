// The ConvNet block's tail from stock ops, the reference for the fused op and its kernel.
import { INSTANCE_NORM_EPSILON } from '../../../../../src/main/engine/ml/models/norm-relu-pool.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';

/** Instance norm over time, ReLU, mean of adjacent pairs (an odd last step dropped). */
export function unfusedNormReluPool(x: tf.Tensor3D): tf.Tensor3D {
  const [n, length, channels] = x.shape;
  const { mean, variance } = tf.moments(x, 1, true);
  const z = tf.relu(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, INSTANCE_NORM_EPSILON))));
  const half = length >> 1;
  return tf.mean(tf.reshape(tf.slice(z, [0, 0, 0], [n, 2 * half, channels]), [n, half, 2, channels]), 2) as tf.Tensor3D;
}
