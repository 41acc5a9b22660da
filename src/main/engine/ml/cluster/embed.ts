// The encoder of a zoo classifier — everything before its 'head' layer — and the embedding of a
// whole set through it, batch by batch in inference mode.
import { tf, tfl } from '../tfjs.ts';

/**
 * A view of `classifier` that outputs the features its head reads. It shares the classifier's
 * layers and weights: dispose the classifier, never the view (disposing the view would free
 * the shared layers under the classifier).
 */
export function encoderOf(classifier: tfl.LayersModel): tfl.LayersModel {
  const features = classifier.getLayer('head').input as tfl.SymbolicTensor;
  return tfl.model({ name: `${classifier.name}_encoder`, inputs: classifier.inputs, outputs: features });
}

export function embeddingSize(encoder: tfl.LayersModel): number {
  return (encoder.outputs[0]!.shape as number[]).slice(1).reduce((a, b) => a * b, 1);
}

/** Embeddings of n vectors [n][2][length] as n × d (row-major). */
export function embedAll(encoder: tfl.LayersModel, x: Float32Array, length: number, batchSize = 512): Float32Array {
  const per = 2 * length;
  const n = x.length / per;
  const d = embeddingSize(encoder);
  const out = new Float32Array(n * d);
  for (let start = 0; start < n; start += batchSize) {
    const m = Math.min(batchSize, n - start);
    const values = tf.tidy(() => {
      const batch = tf.tensor3d(x.subarray(start * per, (start + m) * per), [m, 2, length]);
      return (encoder.apply(batch, { training: false }) as tf.Tensor).dataSync() as Float32Array;
    });
    out.set(values, start * d);
  }
  return out;
}
