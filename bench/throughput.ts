// Training and inference samples/s of a zoo model on the active backend, timed the way
// shared/reference/bench_torch.py times PyTorch: random data of the RML2016 shape, a warm-up
// epoch, timed epochs of training steps, then one timed pass of inference.
import { performance } from 'node:perf_hooks';
import { createRng } from '../src/main/engine/base/random.ts';
import { onnxScorer } from '../src/main/engine/export/onnx-inference.ts';
import { buildModel } from '../src/main/engine/ml/models/registry.ts';
import { tf } from '../src/main/engine/ml/tfjs.ts';
import { startStepRunner } from '../src/main/engine/ml/train/data-parallel.ts';
import { makeTrainingOptimizer } from '../src/main/engine/ml/train/make-optimizer.ts';
import { trainableSize } from '../src/main/engine/ml/train/shard-gradients.ts';
import { ownMinorFaults } from './reference-process.ts';

export interface ThroughputRun {
  arch: string;
  classes: number;
  length: number;
  /** samples per epoch */
  n: number;
  /** timed epochs, after one warm-up epoch */
  epochs: number;
  batch: number;
  threads: number;
  seed: number;
}

export interface Throughput {
  train_samples_per_s: number;
  infer_samples_per_s: number;
  /** the same inference pass through onnxruntime on the same thread count (the route evaluations take) */
  infer_onnxruntime_samples_per_s: number;
  /** samples per second of this thread's process CPU time (helper threads included) */
  train_samples_per_cpu_s: number;
  /** minor page faults of this process over the whole run (model build, warm-up, timed epochs, inference) */
  minor_page_faults: number;
  params: number;
}

/** The middle value (the mean of the middle two for an even count): benches repeat on a shared machine. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

export async function measureThroughput(run: ThroughputRun): Promise<Throughput> {
  const { arch, classes, length, n, epochs, batch, threads, seed } = run;
  const faults0 = ownMinorFaults();
  const spec = { arch, numClasses: classes, length };
  const model = buildModel(spec, { seed });
  const rng = createRng(seed);
  const xs = Float32Array.from({ length: n * 2 * length }, () => rng.normal());
  const ys = Int32Array.from({ length: n }, () => rng.int(classes));
  const optimizer = makeTrainingOptimizer(model, { optimizer: 'adam', learningRate: 1e-3 });
  const runner = await startStepRunner({ model, optimizer, length, numClasses: classes, threads, spec, seed });
  if (runner.threads !== threads) throw new Error(`asked for ${threads} threads, the ${tf.getBackend()} backend runs ${runner.threads}`);
  const slice = (i: number) => {
    const size = Math.min(batch, n - i);
    return { x: xs.subarray(i * 2 * length, (i + size) * 2 * length), y: ys.subarray(i, i + size), n: size };
  };
  const epoch = async () => {
    for (let i = 0; i < n; i += batch) await runner.step(slice(i));
  };
  await epoch();
  const cpu0 = process.cpuUsage();
  let t = performance.now();
  for (let e = 0; e < epochs; e++) await epoch();
  const trainWall = (performance.now() - t) / 1000;
  const trainCpu = cpuSeconds(cpu0);
  t = performance.now();
  for (let i = 0; i < n; i += batch) await runner.logits(slice(i));
  const inferWall = (performance.now() - t) / 1000;
  await runner.dispose();
  const scorer = await onnxScorer(model, Array.from({ length: classes }, (_, c) => `class ${c}`), threads);
  const inferOnnx = async () => {
    for (let i = 0; i < n; i += batch) await scorer.predict(slice(i).x, slice(i).n);
  };
  // warm-up excluded, as on every other side
  await inferOnnx();
  t = performance.now();
  await inferOnnx();
  const onnxWall = (performance.now() - t) / 1000;
  await scorer.release();
  // Trainable weights only, like PyTorch's parameters() (batch-norm running statistics excluded).
  const params = trainableSize(model);
  model.dispose();
  return {
    train_samples_per_s: (n * epochs) / trainWall,
    infer_samples_per_s: n / inferWall,
    infer_onnxruntime_samples_per_s: n / onnxWall,
    train_samples_per_cpu_s: (n * epochs) / trainCpu,
    minor_page_faults: ownMinorFaults() - faults0,
    params,
  };
}
