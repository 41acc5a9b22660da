// The ConvNet block's instance norm → ReLU → average pooling by 2 as a layer, on [n, L, C].
// No affine parameters: the dataset-condensation ConvNet's instance norm starts as the identity
// affine map, and its classifier learns through the convolutions either way.
import { normReluPool } from './norm-relu-pool.ts';
import { tf, tfl } from '../tfjs.ts';

export class NormReluPool extends tfl.layers.Layer {
  static readonly className = 'NormReluPool';

  override computeOutputShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as tfl.Shape;
    return [s[0]!, s[1] == null ? null : Math.floor(s[1] / 2), s[2]!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return normReluPool((Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor3D);
  }
}
tf.serialization.registerClass(NormReluPool);
