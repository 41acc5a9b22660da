// What a pruned model costs on a device: parameters, MACs, bytes of weights, and measured
// latency per sample at batch 1 and batch 64.
import { countMacs, countParams } from '../models/complexity.ts';
import { tf, type tfl } from '../tfjs.ts';

export interface ModelCost {
  params: number;
  macs: number;
  /** float32 bytes of every stored weight, BN running statistics included */
  sizeBytes: number;
  latencyMsBatch1: number;
  latencyMsBatch64: number;
}

/** Median milliseconds per sample over `repeats` timed runs after one warm-up. */
export function latencyPerSample(model: tfl.LayersModel, batch: number, repeats: number): number {
  const shape = (model.inputs[0]!.shape as (number | null)[]).slice(1) as number[];
  const x = tf.randomNormal([batch, ...shape], 0, 1, 'float32', 1);
  try {
    const run = (): void => tf.tidy(() => void (model.apply(x, { training: false }) as tf.Tensor).dataSync());
    run();
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
  return {
    params: countParams(model),
    macs: countMacs(model),
    sizeBytes: 4 * countParams(model, { includeBuffers: true }),
    latencyMsBatch1: latencyPerSample(model, 1, repeats * 4),
    latencyMsBatch64: latencyPerSample(model, 64, repeats),
  };
}
