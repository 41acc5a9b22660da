import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CallTimings, startTimer, type CallTiming } from './call-timing.ts';
import { loadOnnx, type OnnxRunner } from './onnx-runtime.ts';
import { modelStats } from './model-stats.ts';

/** Labelled samples already laid out for the model input. */
export interface ReportTestSet {
  x: Float32Array;
  y: Int32Array;
  /** dB per sample, NaN where unknown */
  snr: Float32Array;
  count: number;
  sampleShape: number[];
}

export interface AccuracyFigures {
  overall: number;
  perSnr: Array<{ snr: number; accuracy: number; count: number }>;
  samples: number;
}

/** Milliseconds per call (one sample at batch 1, 64 samples at batch 64), after a warm-up. */
export interface LatencyFigures {
  batch1: CallTiming;
  batch64: CallTiming;
}

export interface FileFigures {
  fileBytes: number;
  accuracy: AccuracyFigures;
  latency: LatencyFigures;
}

export interface DeploymentReport {
  model: string;
  /** trainable parameters */
  params: number;
  /** every stored weight, batch-norm running statistics included */
  totalParams: number;
  macs: number;
  runtime: string;
  float: FileFigures & {
    /** max |TF.js − ONNX| over the outputs of the first `samples` test samples */
    parity: { maxAbsDiff: number; samples: number };
  };
  int8: (FileFigures & { accuracyDropPoints: number }) | null;
  createdAt: string;
}

export interface ReportInput {
  modelName: string;
  model: tfl.LayersModel;
  floatOnnx: Uint8Array;
  int8Onnx?: Uint8Array;
  test: ReportTestSet;
  /** samples compared between TF.js and ONNX (default 256) */
  paritySamples?: number;
  /** timed runs per batch size (default 50) */
  latencyRuns?: number;
}

function argmax(v: Float32Array, offset: number, n: number): number {
  let best = 0;
  for (let c = 1; c < n; c++) if (v[offset + c]! > v[offset + best]!) best = c;
  return best;
}

async function predictAll(runner: OnnxRunner, test: ReportTestSet, batch = 256): Promise<Float32Array> {
  const size = test.sampleShape.reduce((a, b) => a * b, 1);
  const parts: Float32Array[] = [];
  for (let s = 0; s < test.count; s += batch) {
    const n = Math.min(batch, test.count - s);
    parts.push(await runner.run(test.x.subarray(s * size, (s + n) * size), n, test.sampleShape));
  }
  return concatBatches(parts);
}

/** The per-batch score arrays of a test set joined in order, as one [count × classes] array. */
export function concatBatches(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function accuracyFigures(scores: Float32Array, y: Int32Array, snr: Float32Array, count: number): AccuracyFigures {
  const classes = scores.length / count;
  const bySnr = new Map<number, { hit: number; n: number }>();
  let hits = 0;
  for (let s = 0; s < count; s++) {
    const hit = argmax(scores, s * classes, classes) === y[s] ? 1 : 0;
    hits += hit;
    if (Number.isNaN(snr[s]!)) continue;
    const bucket = bySnr.get(snr[s]!) ?? { hit: 0, n: 0 };
    bucket.hit += hit;
    bucket.n += 1;
    bySnr.set(snr[s]!, bucket);
  }
  const perSnr = [...bySnr.entries()].sort((a, b) => a[0] - b[0]).map(([snrDb, b]) => ({ snr: snrDb, accuracy: b.hit / b.n, count: b.n }));
  return { overall: count ? hits / count : 0, perSnr, samples: count };
}

async function measureLatency(runner: OnnxRunner, test: ReportTestSet, runs: number): Promise<LatencyFigures> {
  const size = test.sampleShape.reduce((a, b) => a * b, 1);
  const time = async (batch: number) => {
    const x = new Float32Array(batch * size);
    for (let i = 0; i < x.length; i++) x[i] = test.x[i % (test.count * size)]!;
    for (let k = 0; k < 3; k++) await runner.run(x, batch, test.sampleShape);
    const timings = new CallTimings();
    for (let k = 0; k < runs; k++) {
      const stop = startTimer();
      await runner.run(x, batch, test.sampleShape);
      timings.add(stop());
    }
    return timings.summary();
  };
  return { batch1: await time(1), batch64: await time(64) };
}

async function fileFigures(bytes: Uint8Array, what: string, test: ReportTestSet, runs: number): Promise<FileFigures & { scores: Float32Array; runner: OnnxRunner }> {
  const runner = await loadOnnx(bytes, what);
  const scores = await predictAll(runner, test);
  return { fileBytes: bytes.byteLength, accuracy: accuracyFigures(scores, test.y, test.snr, test.count), latency: await measureLatency(runner, test, runs), scores, runner };
}

/**
 * Measures the exported files themselves in onnxruntime-node: accuracy overall and per SNR on
 * the test set, TF.js-vs-ONNX parity, latency at batch 1 and 64, and the int8 accuracy drop.
 */
export async function buildDeploymentReport(input: ReportInput): Promise<DeploymentReport> {
  const runs = input.latencyRuns ?? 50;
  const stats = modelStats(input.model);
  const float = await fileFigures(input.floatOnnx, `${input.modelName}.onnx`, input.test, runs);
  const paritySamples = Math.min(input.paritySamples ?? 256, input.test.count);
  const size = input.test.sampleShape.reduce((a, b) => a * b, 1);
  const reference = tf.tidy(() => {
    const out = input.model.predict(tf.tensor(input.test.x.subarray(0, paritySamples * size), [paritySamples, ...input.test.sampleShape])) as tf.Tensor;
    return Float32Array.from(out.dataSync() as Float32Array);
  });
  let maxAbsDiff = 0;
  for (let i = 0; i < reference.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(reference[i]! - float.scores[i]!));
  await float.runner.release();

  let int8: DeploymentReport['int8'] = null;
  if (input.int8Onnx) {
    const q = await fileFigures(input.int8Onnx, `${input.modelName}-int8.onnx`, input.test, runs);
    await q.runner.release();
    int8 = { fileBytes: q.fileBytes, accuracy: q.accuracy, latency: q.latency, accuracyDropPoints: 100 * (float.accuracy.overall - q.accuracy.overall) };
  }
  return {
    model: input.modelName,
    params: stats.params,
    totalParams: stats.totalParams,
    macs: stats.macs,
    runtime: 'onnxruntime-node (cpu, 1 thread)',
    float: { fileBytes: float.fileBytes, accuracy: float.accuracy, latency: float.latency, parity: { maxAbsDiff, samples: paritySamples } },
    int8,
    createdAt: new Date().toISOString(),
  };
}
