// What a pruned model costs on a device: parameters, MACs, bytes of weights, and measured
// latency per sample at batch 1 and batch 64.
import { countMacs, parameterCounts } from '../models/complexity.ts';
import { tf, type tfl } from '../tfjs.ts';

export interface ModelCost {
  /** trainable parameters */
  params: number;
  /** every stored weight, batch-norm running statistics included */
  totalParams: number;
  macs: number;
  /** float32 bytes of every stored weight, BN running statistics included */
  sizeBytes: number;
  latencyMsBatch1: number;
  latencyMsBatch64: number;
}

// The first passes of a model compile kernels and warm the JIT: one of them timed made a study's
// first model look ten times slower than the rest. Warm up for a few runs and a few hundred ms.
const warmupRuns = 3;
const warmupMs = 200;
const maxWarmupRuns = 50;

/** Median milliseconds per sample over `repeats` timed runs, after a warm-up. */
export function latencyPerSample(model: tfl.LayersModel, batch: number, repeats: number): number {
  const shape = (model.inputs[0]!.shape as (number | null)[]).slice(1) as number[];
  const x = tf.randomNormal([batch, ...shape], 0, 1, 'float32', 1);
  try {
    const run = (): void => tf.tidy(() => void (model.apply(x, { training: false }) as tf.Tensor).dataSync());
    const warmStart = performance.now();
    for (let k = 0; k < maxWarmupRuns && (k < warmupRuns || performance.now() - warmStart < warmupMs); k++) run();
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]! / batch;
  } finally {
    x.dispose();
  }
}

export function modelCost(model: tfl.LayersModel, opts: { repeats?: number } = {}): ModelCost {
  const repeats = opts.repeats ?? 5;
  const counts = parameterCounts(model);
  return {
    params: counts.trainable,
    totalParams: counts.total,
    macs: countMacs(model),
    sizeBytes: 4 * counts.total,
    latencyMsBatch1: latencyPerSample(model, 1, repeats * 4),
    latencyMsBatch64: latencyPerSample(model, 64, repeats),
  };
}
