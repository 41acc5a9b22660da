// Runs a model over a data source and reports accuracy overall, per SNR, and per class.
import { tf, type tfl } from '../tfjs.ts';
import type { DataSource } from '../train/data.ts';
import { classificationReport, type EvaluationReport } from './metrics.ts';

export interface Predictions {
  labels: Int32Array;
  predicted: Int32Array;
  snr: Float32Array;
}

/** Something that predicts the class of n samples laid out [n][2][length]. */
export interface ClassScorer {
  /** what runs the model, recorded with the figures it gives */
  readonly engine: string;
  predict(x: Float32Array, n: number): Promise<Int32Array>;
  release(): Promise<void>;
}

function tfjsPredict(model: tfl.LayersModel, x: Float32Array, n: number): Int32Array {
  const sampleShape = model.inputs[0]!.shape.slice(1) as number[];
  const size = sampleShape.reduce((a, b) => a * b, 1);
  return tf.tidy(() => {
    const logits = model.apply(tf.tensor(x.subarray(0, n * size), [n, ...sampleShape]), { training: false }) as tf.Tensor;
    return tf.argMax(logits, -1).dataSync() as Int32Array;
  });
}

/** The model on the active TF.js backend; it stays the caller's to dispose. */
export function tfjsScorer(model: tfl.LayersModel): ClassScorer {
  return { engine: `tfjs-${tf.getBackend()}`, predict: async (x, n) => tfjsPredict(model, x, n), release: async () => {} };
}

/** Fills predictions batch by batch in the source's stored order. */
function collector(count: number) {
  const out: Predictions = { labels: new Int32Array(count), predicted: new Int32Array(count), snr: new Float32Array(count) };
  let at = 0;
  return {
    add(b: { y: Int32Array; snr: Float32Array; n: number }, predicted: Int32Array) {
      out.predicted.set(predicted.subarray(0, b.n), at);
      out.labels.set(b.y.subarray(0, b.n), at);
      out.snr.set(b.snr.subarray(0, b.n), at);
      at += b.n;
    },
    result: (): Predictions => ({ labels: out.labels.subarray(0, at), predicted: out.predicted.subarray(0, at), snr: out.snr.subarray(0, at) }),
  };
}

/** Predicted class per sample, in the source's stored order. */
export function predictClasses(model: tfl.LayersModel, data: DataSource, batchSize = 256): Predictions {
  const collect = collector(data.count);
  for (const b of data.batches(batchSize, null)) collect.add(b, tfjsPredict(model, b.x, b.n));
  return collect.result();
}

/** predictClasses through any scorer; onBatch hears how many samples are done. */
export async function scoreClasses(scorer: ClassScorer, data: DataSource, batchSize = 256, onBatch?: (done: number) => void): Promise<Predictions> {
  const collect = collector(data.count);
  let done = 0;
  for (const b of data.batches(batchSize, null)) {
    collect.add(b, await scorer.predict(b.x, b.n));
    onBatch?.((done += b.n));
  }
  return collect.result();
}

/** scoreClasses, the scorer released afterwards whatever happens. */
export async function scoreThenRelease(scorer: ClassScorer, data: DataSource, batchSize = 256, onBatch?: (done: number) => void): Promise<Predictions> {
  try {
    return await scoreClasses(scorer, data, batchSize, onBatch);
  } finally {
    await scorer.release();
  }
}

export function evaluateModel(model: tfl.LayersModel, data: DataSource, classes: string[], batchSize = 256): EvaluationReport {
  const { labels, predicted, snr } = predictClasses(model, data, batchSize);
  return classificationReport(labels, predicted, snr, classes);
}
