// Runs a model over a data source and reports accuracy overall, per SNR, and per class.
import { tf, type tfl } from '../tfjs.ts';
import type { DataSource } from '../train/data.ts';
import { classificationReport, type EvaluationReport } from './metrics.ts';

/** Predicted class per sample, in the source's stored order. */
export function predictClasses(model: tfl.LayersModel, data: DataSource, batchSize = 256): { labels: Int32Array; predicted: Int32Array; snr: Float32Array } {
  const labels = new Int32Array(data.count);
  const predicted = new Int32Array(data.count);
  const snr = new Float32Array(data.count);
  let at = 0;
  for (const b of data.batches(batchSize, null)) {
    const p = tf.tidy(() => {
      const logits = model.apply(tf.tensor3d(b.x, [b.n, 2, data.length]), { training: false }) as tf.Tensor;
      return tf.argMax(logits, -1).dataSync() as Int32Array;
    });
    predicted.set(p, at);
    labels.set(b.y, at);
    snr.set(b.snr, at);
    at += b.n;
  }
  return { labels: labels.subarray(0, at), predicted: predicted.subarray(0, at), snr: snr.subarray(0, at) };
}

export function evaluateModel(model: tfl.LayersModel, data: DataSource, classes: string[], batchSize = 256): EvaluationReport {
  const { labels, predicted, snr } = predictClasses(model, data, batchSize);
  return classificationReport(labels, predicted, snr, classes);
}
