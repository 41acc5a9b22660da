// Training steps on one thread or several. With several, each batch is cut into one contiguous
// shard per thread; helper threads (replica-worker.ts) compute their shards' gradients on model
// replicas loaded with this thread's weights while this thread computes its own shard; the
// gradients are averaged by shard size and applied once here, so there is one optimizer and one
// set of weights. tfjs-backend-wasm runs single-threaded under Node, so this is how training
// uses more than one core. Batch-norm batch statistics are per shard, as in any data-parallel
// training, so results depend on the thread count, which is recorded with the result.
// Validation batches are cut the same way (logits), with every weight sent along.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../../../../shared/dto.ts';
import { AppError } from '../../../../shared/errors.ts';
import { deriveSeed } from '../../base/random.ts';
import { workerScript } from '../../base/worker-script.ts';
import { dropoutPositions, restoreDropoutPositions } from '../models/layers.ts';
import { tf } from '../tfjs.ts';
import type { ReplicaReply, ReplicaRequest } from './replica-worker.ts';
import { startDeviceStepRunner } from './device-steps.ts';
import type { StepResult, StepRunner, StepRunnerOptions } from './step-runner.ts';
import { microBatchSize } from './micro-batch.ts';
import { readAllWeights, readTrainable, shardGradients, shardLogits, weightLayout, type ShardInput } from './shard-gradients.ts';
import { ANSWERED_STEP, POSTED_STEP, announce, handoffCounters, spinWhile } from './thread-handoff.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Beyond this many threads the per-step weight and gradient exchange outweighs the gain. */
const MAX_DEFAULT_THREADS = 8;

/** One thread per core, up to MAX_DEFAULT_THREADS. */
export function defaultTrainingThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_THREADS));
}

/** Backends that compute on this thread's CPU core, and so gain from more threads. */
export function isCoreBound(backend: string): boolean {
  return backend === 'wasm' || backend === 'cpu';
}

/** Smallest shard worth sending to a thread: below it the fixed cost per step dominates. */
const MIN_SHARD = 16;

/**
 * Longest this thread spins for a helper's reply once its own shard is done (thread-handoff.ts):
 * helpers usually finish within milliseconds of it; a helper far behind is waited for asleep.
 */
const REPLY_SPIN_MS = 250;

/** One optimizer step on this thread alone, in micro-batches when the batch would not fit in one pass. */
function localStep(o: StepRunnerOptions, b: ShardInput, microBatch: number): StepResult {
  const { loss, hits, gradients } = shardGradients(o.model, b, o.length, o.numClasses, microBatch);
  o.optimizer.apply(gradients);
  return { loss, hits };
}

/** The steps of a runner whose figures come back at once, as tallies. */
function immediateTallies(step: (b: ShardInput) => Promise<StepResult>): Pick<StepRunner, 'queueStep' | 'drain'> {
  return {
    queueStep: async (b) => {
      const r = await step(b);
      return { lossSum: r.loss * b.n, hits: r.hits, samples: b.n };
    },
    drain: async () => null,
  };
}

/** A helper thread with at most one request in flight. */
class Replica {
  private readonly worker: Worker;
  private pending: { resolve: (r: ReplicaReply) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  readonly counters = handoffCounters();
  /** number of the last step or logits request posted */
  private posted = 0;

  constructor(readonly index: number) {
    this.worker = new Worker(workerScript(import.meta.url, 'replica-worker'), { eval: true });
    this.worker.on('message', (reply: ReplicaReply) => this.settle(reply));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`exited with code ${code}`)));
  }

  private settle(reply: ReplicaReply): void {
    const p = this.pending;
    this.pending = null;
    if (!p) return;
    if (reply.kind === 'error') p.reject(new AppError('JOB_FAILED', `training thread ${this.index}: ${reply.message}`));
    else p.resolve(reply);
  }

  private fail(e: Error): void {
    this.failure ??= new AppError('JOB_FAILED', `training thread ${this.index} failed: ${e.message}`);
    const p = this.pending;
    this.pending = null;
    p?.reject(this.failure);
  }

  request(message: ReplicaRequest, transfer: ArrayBuffer[] = []): Promise<ReplicaReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(message, transfer);
    });
  }

  /** Posts the next step or logits request and announces it to the helper, which may be spinning for it. */
  requestNumbered(message: DistributiveOmit<Extract<ReplicaRequest, { kind: 'step' | 'logits' }>, 'step'>): Promise<ReplicaReply> {
    const step = ++this.posted;
    const reply = this.request({ ...message, step });
    announce(this.counters, POSTED_STEP, step);
    return reply;
  }

  /** Spins (bounded) until the helper has answered the last request posted. */
  spinForReply(): void {
    spinWhile(this.counters, ANSWERED_STEP, this.posted - 1, REPLY_SPIN_MS);
  }

  async stop(): Promise<void> {
    this.failure ??= new AppError('CANCELLED', 'training threads were stopped');
    await this.worker.terminate();
  }
}

/** Boundaries of `threads` contiguous shards of n samples, as even as possible. */
export function shardBounds(n: number, threads: number): number[] {
  return Array.from({ length: threads + 1 }, (_, k) => Math.floor((k * n) / threads));
}

/** Samples [from, to) of a batch's inputs, copied (a copy travels to a helper without the rest). */
function inputsOf(b: { x: Float32Array; n: number }, from: number, to: number): { x: Float32Array; n: number } {
  const per = b.x.length / b.n;
  return { x: b.x.slice(from * per, to * per), n: to - from };
}

function shardOf(b: ShardInput, from: number, to: number): ShardInput {
  return { ...inputsOf(b, from, to), y: b.y.slice(from, to) };
}

/**
 * A step runner for `threads` threads (1 = this thread only) on core-bound backends (wasm, cpu);
 * on a device, which parallelises by itself, one that keeps the work there (device-steps.ts).
 */
export async function startStepRunner(o: StepRunnerOptions): Promise<StepRunner> {
  if (!isCoreBound(tf.getBackend())) return startDeviceStepRunner(o);
  const threads = Math.max(1, Math.floor(o.threads));
  const microBatch = microBatchSize(o.model);
  if (o.dropout?.[0]) restoreDropoutPositions(o.model, o.dropout[0]);
  if (threads === 1) {
    const step = async (b: ShardInput) => localStep(o, b, microBatch);
    return {
      threads: 1,
      step,
      ...immediateTallies(step),
      logits: async (b) => shardLogits(o.model, b, o.length),
      dropoutPositions: () => [dropoutPositions(o.model)],
      dispose: async () => {},
    };
  }
  if (!o.spec) throw new AppError('VALIDATION', 'training on several threads needs the model spec to build replicas');
  const replicas = Array.from({ length: threads - 1 }, (_, i) => new Replica(i + 1));
  const replicaDropout = replicas.map((r) => o.dropout?.[r.index] ?? dropoutPositions(o.model).map(() => 0));
  const layout = weightLayout(o.model);
  try {
    // Each replica draws its own dropout masks; its initial weights are replaced every step.
    await Promise.all(
      replicas.map((r) =>
        r.request({
          kind: 'init', spec: o.spec!, seed: deriveSeed(o.seed ?? 0, 'replica', r.index), backend: tf.getBackend() as BackendName, layout, counters: r.counters,
          dropout: replicaDropout[r.index - 1],
        }),
      ),
    );
  } catch (e) {
    await Promise.all(replicas.map((r) => r.stop()));
    throw e;
  }
  const weights = readTrainable(o.model);
  const step = async (b: ShardInput): Promise<StepResult> => {
    if (b.n < threads * MIN_SHARD) return localStep(o, b, microBatch);
    const bounds = shardBounds(b.n, threads);
    readTrainable(o.model, weights);
    const replies = replicas.map((r, i) =>
      r.requestNumbered({ kind: 'step', weights, shard: shardOf(b, bounds[i + 1]!, bounds[i + 2]!), length: o.length, numClasses: o.numClasses, microBatch }),
    );
    // Should this thread's own pass throw, a reply failing later must not surface as unhandled.
    for (const reply of replies) reply.catch(() => {});
    const own = shardGradients(o.model, shardOf(b, 0, bounds[1]!), o.length, o.numClasses, microBatch);
    // Mean over the whole batch = shard means weighted by shard size.
    const sum = own.gradients;
    const ownWeight = bounds[1]! / b.n;
    for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! * ownWeight;
    let loss = own.loss * ownWeight;
    let hits = own.hits;
    for (const r of replicas) r.spinForReply();
    const results = await Promise.all(replies);
    results.forEach((reply, i) => {
      if (reply.kind !== 'gradients') throw new AppError('JOB_FAILED', `training thread ${i + 1} answered ${reply.kind}`);
      replicaDropout[i] = reply.dropout;
      const w = (bounds[i + 2]! - bounds[i + 1]!) / b.n;
      const g = reply.gradients;
      for (let k = 0; k < sum.length; k++) sum[k] = sum[k]! + w * g[k]!;
      loss += reply.loss * w;
      hits += reply.hits;
    });
    o.optimizer.apply(sum);
    return { loss, hits };
  };
  return {
    threads,
    step,
    ...immediateTallies(step),
    async logits(b) {
      if (b.n < threads * MIN_SHARD) return shardLogits(o.model, b, o.length);
      const bounds = shardBounds(b.n, threads);
      const all = readAllWeights(o.model);
      const replies = replicas.map((r, i) =>
        r.requestNumbered({ kind: 'logits', weights: all, shard: inputsOf(b, bounds[i + 1]!, bounds[i + 2]!), length: o.length }),
      );
      for (const reply of replies) reply.catch(() => {});
      const own = shardLogits(o.model, inputsOf(b, 0, bounds[1]!), o.length);
      const classes = own.length / bounds[1]!;
      const out = new Float32Array(b.n * classes);
      out.set(own);
      for (const r of replicas) r.spinForReply();
      (await Promise.all(replies)).forEach((reply, i) => {
        if (reply.kind !== 'logits') throw new AppError('JOB_FAILED', `training thread ${i + 1} answered ${reply.kind}`);
        out.set(reply.logits, bounds[i + 1]! * classes);
      });
      return out;
    },
    dropoutPositions: () => [dropoutPositions(o.model), ...replicaDropout],
    async dispose() {
      await Promise.all(replicas.map((r) => r.stop()));
    },
  };
}
