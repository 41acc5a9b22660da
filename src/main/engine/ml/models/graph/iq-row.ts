// One row of the [n, 2, L] input (0 = I, 1 = Q) as a series [n, L]: what the adaptive visibility
// graph is built from, one graph per row.
import { tf, tfl } from '../../tfjs.ts';

export class IqRow extends tfl.layers.Layer {
  static readonly className = 'IqRow';
  readonly row: number;

  constructor(args: { name: string; row: number }) {
    super({ name: args.name });
    this.row = args.row;
  }

  override computeOutputShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as tfl.Shape;
    return [s[0]!, s[2]!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const [n, , L] = x.shape as [number, number, number];
      return tf.reshape(tf.slice(x, [0, this.row, 0], [n, 1, L]), [n, L]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), row: this.row };
  }
}
tf.serialization.registerClass(IqRow);
