// The adjacency a dense GraphSAGE layer averages with: each row divided by its sum, the sum
// clamped to at least 1 (torch-geometric's DenseSAGEConv: nodes without edges, or with weights
// summing below 1, keep the plain weighted sum). Row sums are the same in the dense and the
// band form (band.ts), so one layer serves both; computed once per graph, not once per layer.
import { tf, tfl } from '../../tfjs.ts';

export class MeanAdjacency extends tfl.layers.Layer {
  static readonly className = 'MeanAdjacency';

  override computeOutputShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (Array.isArray(shape[0]) ? shape[0] : shape) as tfl.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const a = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => tf.div(a, tf.maximum(tf.sum(a, -1, true), 1)));
  }
}
tf.serialization.registerClass(MeanAdjacency);
