// The deployment report of a TF.js export: the folder is loaded back and run in TF.js itself,
// since that is the runtime a TF.js field device uses (onnxruntime cannot read model.json).
import { tf, type tfl } from '../../ml/tfjs.ts';
import { modelStats } from '../model-stats.ts';
import { CallTimings, startTimer } from '../call-timing.ts';
import { accuracyFigures, concatBatches, type DeploymentReport, type LatencyFigures, type ReportTestSet } from '../report.ts';

export interface TfjsReportInput {
  modelName: string;
  /** the model as it was before export (parity reference) */
  model: tfl.LayersModel;
  /** the model loaded back from the exported folder */
  exported: tfl.LayersModel;
  /** model.json + weights.bin on disk */
  fileBytes: number;
  test: ReportTestSet;
  /** samples compared between the original and the reloaded model (default 256) */
  paritySamples?: number;
  /** timed runs per batch size (default 50) */
  latencyRuns?: number;
}

const sampleSize = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function predict(model: tfl.LayersModel, x: Float32Array, count: number, sampleShape: number[]): Float32Array {
  return tf.tidy(() => {
    const out = model.predict(tf.tensor(x.subarray(0, count * sampleSize(sampleShape)), [count, ...sampleShape])) as tf.Tensor;
    return Float32Array.from(out.dataSync() as Float32Array);
  });
}

function predictAll(model: tfl.LayersModel, test: ReportTestSet, batch = 256): Float32Array {
  const size = sampleSize(test.sampleShape);
  const parts: Float32Array[] = [];
  for (let s = 0; s < test.count; s += batch) {
    const n = Math.min(batch, test.count - s);
    parts.push(predict(model, test.x.subarray(s * size), n, test.sampleShape));
  }
  return concatBatches(parts);
}

function measureLatency(model: tfl.LayersModel, test: ReportTestSet, runs: number): LatencyFigures {
  const size = sampleSize(test.sampleShape);
  const time = (batch: number) => {
    const x = new Float32Array(batch * size);
    for (let i = 0; i < x.length; i++) x[i] = test.x[i % (test.count * size)]!;
    for (let k = 0; k < 3; k++) predict(model, x, batch, test.sampleShape);
    const timings = new CallTimings();
    for (let k = 0; k < runs; k++) {
      const stop = startTimer();
      predict(model, x, batch, test.sampleShape);
      timings.add(stop());
    }
    return timings.summary();
  };
  return { batch1: time(1), batch64: time(64) };
}

/** Accuracy, parity (original vs reloaded) and latency of the reloaded TF.js export. */
export function buildTfjsReport(input: TfjsReportInput): DeploymentReport {
  const { test } = input;
  const stats = modelStats(input.model);
  const scores = predictAll(input.exported, test);
  const paritySamples = Math.min(input.paritySamples ?? 256, test.count);
  const reference = predict(input.model, test.x, paritySamples, test.sampleShape);
  let maxAbsDiff = 0;
  for (let i = 0; i < reference.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(reference[i]! - scores[i]!));
  return {
    model: input.modelName,
    params: stats.params,
    totalParams: stats.totalParams,
    macs: stats.macs,
    runtime: `tfjs ${tf.version_core} (${tf.getBackend()} backend)`,
    float: {
      fileBytes: input.fileBytes,
      accuracy: accuracyFigures(scores, test.y, test.snr, test.count),
      latency: measureLatency(input.exported, test, input.latencyRuns ?? 50),
      parity: { maxAbsDiff, samples: paritySamples },
    },
    int8: null,
    createdAt: new Date().toISOString(),
  };
}
