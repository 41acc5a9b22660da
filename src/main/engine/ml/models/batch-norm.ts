// Batch normalisation that trains through one fused wasm kernel pair (kernels/batch-norm-training.ts)
// instead of ~20 stock ops. It subclasses the stock layer and keeps its class name, config and
// weights, so saved models, export and pruning see a plain BatchNormalization; inference and
// other backends run the stock code.
import { BatchNormTraining } from '../kernels/batch-norm-training.ts';
import { tf, tfl } from '../tfjs.ts';

type BatchNormArgs = Parameters<typeof tfl.layers.batchNormalization>[0];
type StockLayer = ReturnType<typeof tfl.layers.batchNormalization>;

/** The stock layer's fields this subclass reads (private in its typings). */
interface StockFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tfl.LayerVariable;
  beta: tfl.LayerVariable;
  movingMean: tfl.LayerVariable;
  movingVariance: tfl.LayerVariable;
}

// tfjs-layers exports only the factory; the class comes from an instance's prototype.
const StockBatchNorm = Object.getPrototypeOf(tfl.layers.batchNormalization({})).constructor as new (args?: BatchNormArgs) => StockLayer;

export class FusedBatchNorm extends StockBatchNorm {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const f = this as unknown as StockFields;
    const lastAxis = f.axis === -1 || f.axis === x.rank - 1;
    if (kwargs['training'] !== true || !lastAxis || !f.center || !f.scale || x.dtype !== 'float32' || tf.getBackend() !== 'wasm') {
      return super.call(inputs, kwargs);
    }
    return tf.tidy(() => {
      const [y, mean, variance] = tf.engine().runKernel(
        BatchNormTraining,
        { x, gamma: f.gamma.read(), beta: f.beta.read() },
        { epsilon: f.epsilon },
      ) as tf.Tensor[];
      // The stock layer's update, to the letter: moving ← moving − (moving − batch)·(1 − momentum),
      // each operation rounded to float32, on a few dozen values: one JS loop, not six kernels.
      const decay = Math.fround(1 - f.momentum);
      for (const [variable, batch] of [[f.movingMean, mean!], [f.movingVariance, variance!]] as const) {
        const old = variable.read().dataSync();
        const b = batch.dataSync();
        const next = Float32Array.from(old, (o, i) => Math.fround(o - Math.fround(Math.fround(o - b[i]!) * decay)));
        variable.write(tf.tensor(next, batch.shape));
      }
      return y!;
    });
  }
}
