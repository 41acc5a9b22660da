// Deep clustering of a target set ("Unsupervised Deep Embedding for Clustering Analysis", DEC,
// with the pairwise term of "Deep Adaptive Image Clustering"): the encoder and the centres are
// trained together to lower KL(P‖Q) on batches, while the target P is recomputed on the WHOLE set
// every `updateInterval` iterations — a per-batch target is a known way to make DEC drift.
// Training stops once fewer than `tolerance` of the assignments change between two updates.
//
// Batch-norm layers keep the source's statistics (the encoder runs in inference mode): P and the
// assignments come from whole-set inference passes, which a batch's own statistics would contradict.
import { AppError } from '../../../../shared/errors.ts';
import { createRng, deriveSeed } from '../../base/random.ts';
import { tf, type tfl } from '../tfjs.ts';
import { changedFraction, clusterSizes, isCollapsed, reseedEmptyCentres } from './cluster-guard.ts';
import { klTensor, pairwiseTensor, studentTTensor } from './dec-loss.ts';
import { embedAll, embeddingSize } from './embed.ts';
import { pairThresholds, selectPairs, type PairThresholds } from './pairwise.ts';
import { hardAssignments, klDivergence, studentTAssignment, targetDistribution } from './soft-assignment.ts';

export interface DecConfig {
  batchSize: number;
  /** Adam's step size for the encoder and the centres */
  learningRate: number;
  /** iterations between two recomputations of P on the whole set (T) */
  updateInterval: number;
  maxIterations: number;
  /** stop when fewer than this share of assignments change between two updates */
  tolerance: number;
  /** degrees of freedom of the Student-t kernel */
  alpha: number;
  /** weight of the pairwise term; 0 leaves it out */
  pairwiseWeight: number;
  /** how far the pairwise thresholds move towards each other at each update */
  pairwiseStep: number;
  seed: number;
}

export const decDefaults = {
  batchSize: 256,
  learningRate: 1e-4,
  tolerance: 0.001,
  alpha: 1,
  pairwiseWeight: 0.1,
  pairwiseStep: 0.0099,
  /** in passes over the target when unset: T = one pass, at most 30 passes */
  updatePasses: 1,
  maxPasses: 30,
} as const;

/** Fills what is unset: T defaults to one pass over the n target samples. */
export function resolveDecConfig(partial: Partial<DecConfig> & { seed: number }, n: number): DecConfig {
  const batchSize = partial.batchSize ?? decDefaults.batchSize;
  const pass = Math.max(1, Math.ceil(n / batchSize));
  const c: DecConfig = {
    batchSize,
    learningRate: partial.learningRate ?? decDefaults.learningRate,
    updateInterval: partial.updateInterval ?? pass * decDefaults.updatePasses,
    maxIterations: partial.maxIterations ?? pass * decDefaults.maxPasses,
    tolerance: partial.tolerance ?? decDefaults.tolerance,
    alpha: partial.alpha ?? decDefaults.alpha,
    pairwiseWeight: partial.pairwiseWeight ?? decDefaults.pairwiseWeight,
    pairwiseStep: partial.pairwiseStep ?? decDefaults.pairwiseStep,
    seed: partial.seed,
  };
  const positiveInt = (v: number, what: string): void => {
    if (!Number.isInteger(v) || v < 1) throw new AppError('VALIDATION', `clustering: ${what} must be a positive integer, got ${v}`);
  };
  positiveInt(c.batchSize, 'batch size');
  positiveInt(c.updateInterval, 'update interval');
  if (!Number.isInteger(c.maxIterations) || c.maxIterations < 0) throw new AppError('VALIDATION', `clustering: max iterations must be an integer ≥ 0, got ${c.maxIterations}`);
  if (!(c.learningRate > 0)) throw new AppError('VALIDATION', `clustering: learning rate must be > 0, got ${c.learningRate}`);
  if (!(c.tolerance >= 0 && c.tolerance < 1)) throw new AppError('VALIDATION', `clustering: tolerance must be in [0, 1), got ${c.tolerance}`);
  if (!(c.alpha > 0)) throw new AppError('VALIDATION', `clustering: alpha must be > 0, got ${c.alpha}`);
  if (!(c.pairwiseWeight >= 0) || !(c.pairwiseStep >= 0)) throw new AppError('VALIDATION', 'clustering: the pairwise weight and step must be ≥ 0');
  if (!Number.isInteger(c.seed)) throw new AppError('VALIDATION', `clustering: seed must be an integer, got ${c.seed}`);
  return c;
}

/** What one recomputation of the target found. */
export interface DecUpdate {
  iteration: number;
  /** share of assignments changed since the previous update; null at the first */
  changed: number | null;
  /** mean batch loss since the previous update; null at the first */
  loss: number | null;
  /** KL(P‖Q) over the whole set */
  kl: number;
  /** mean over the set of each sample's largest q: rises as the clusters sharpen */
  confidence: number;
  sizes: number[];
  /** clusters whose centre had no members and was moved onto a far sample */
  reseeded: number[];
  collapsed: boolean;
  thresholds: PairThresholds | null;
}

export interface DecResult {
  assignments: Int32Array;
  /** n × k soft assignments at the end */
  q: Float64Array;
  /** k × d */
  centres: Float64Array;
  /** n × d */
  embeddings: Float32Array;
  dimension: number;
  iterations: number;
  stoppedBy: 'tolerance' | 'max-iterations';
  updates: DecUpdate[];
  seed: number;
}

export interface DecHooks {
  onUpdate?: (u: DecUpdate, maxIterations: number) => void;
  signal?: AbortSignal;
}

function gatherRows(source: ArrayLike<number>, width: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, a) => {
    for (let t = 0; t < width; t++) out[a * width + t] = source[r * width + t]!;
  });
  return out;
}

function meanLargest(q: Float64Array, k: number): number {
  const n = q.length / k;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.max(...q.subarray(i * k, (i + 1) * k));
  return sum / Math.max(n, 1);
}

function columnMean(z: Float32Array, d: number): Float64Array {
  const n = z.length / d;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += z[i * d + t]!;
  return mean.map((v) => v / Math.max(n, 1));
}

/**
 * Trains `encoder` (in place) and the centres, starting from `initialCentres` (k × d, e.g. from
 * k-means on the encoder's embeddings). x is the target set, [n][2][length].
 */
export async function runDec(
  encoder: tfl.LayersModel,
  x: Float32Array,
  length: number,
  initialCentres: Float64Array,
  config: DecConfig,
  hooks: DecHooks = {},
): Promise<DecResult> {
  const per = 2 * length;
  const n = x.length / per;
  const d = embeddingSize(encoder);
  const k = initialCentres.length / d;
  if (!Number.isInteger(k) || k < 1) throw new AppError('VALIDATION', `clustering: ${initialCentres.length} centre values do not fit the encoder's ${d} features`);
  if (n < k) throw new AppError('VALIDATION', `clustering: ${n} target samples cannot form ${k} clusters`);
  const initial = tf.tensor2d(Float32Array.from(initialCentres), [k, d]);
  const centres = tf.variable(initial);
  initial.dispose();
  const variables = [...encoder.trainableWeights.map((w) => w.read() as tf.Variable), centres];
  const optimizer = tf.train.adam(config.learningRate);
  const updates: DecUpdate[] = [];
  const shuffle = (pass: number): Int32Array => createRng(deriveSeed(config.seed, 'dec-shuffle', pass)).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  let order = shuffle(0);
  let pass = 0;
  let cursor = 0;
  let iteration = 0;
  let lossSum = 0;
  let lossCount = 0;
  let previous: Int32Array | null = null;
  let state: { z: Float32Array; q: Float64Array; p: Float64Array; assignments: Int32Array; mean: Float64Array; mu: Float64Array };
  let stoppedBy: DecResult['stoppedBy'];

  const refresh = (): DecUpdate => {
    const z = embedAll(encoder, x, length);
    const mu = Float64Array.from(centres.dataSync());
    let q = studentTAssignment(z, d, mu, config.alpha);
    let assignments = hardAssignments(q, k);
    const reseeded = reseedEmptyCentres(z, d, mu, assignments);
    if (reseeded.length > 0) {
      const moved = tf.tensor2d(Float32Array.from(mu), [k, d]);
      centres.assign(moved);
      moved.dispose();
      q = studentTAssignment(z, d, mu, config.alpha);
      assignments = hardAssignments(q, k);
    }
    const p = targetDistribution(q, k);
    state = { z, q, p, assignments, mean: columnMean(z, d), mu };
    const sizes = clusterSizes(assignments, k);
    return {
      iteration,
      changed: previous ? changedFraction(previous, assignments) : null,
      loss: lossCount ? lossSum / lossCount : null,
      kl: klDivergence(p, q, k),
      confidence: meanLargest(q, k),
      sizes,
      reseeded,
      collapsed: isCollapsed(sizes),
      thresholds: config.pairwiseWeight > 0 ? pairThresholds(updates.length, config.pairwiseStep) : null,
    };
  };

  const step = (rows: Int32Array, thresholds: PairThresholds | null): number => {
    const m = rows.length;
    const bx = gatherRows(x, per, rows);
    const bp = gatherRows(state.p, k, rows);
    const pairs = thresholds ? selectPairs(state.z, d, rows, state.mean, thresholds) : null;
    const cost = optimizer.minimize(
      () => {
        const z = encoder.apply(tf.tensor3d(bx, [m, 2, length]), { training: false }) as tf.Tensor2D;
        const q = studentTTensor(z, centres, config.alpha);
        const kl = klTensor(tf.tensor2d(bp, [m, k]), q);
        if (!pairs) return kl;
        const pairTerm = pairwiseTensor(q, tf.tensor2d(pairs.target, [m, m]), tf.tensor2d(pairs.mask, [m, m]));
        return tf.add(kl, tf.mul(pairTerm, config.pairwiseWeight)) as tf.Scalar;
      },
      true,
      variables,
    )!;
    const value = cost.dataSync()[0]!;
    cost.dispose();
    return value;
  };

  try {
    for (;;) {
      if (iteration % config.updateInterval === 0) {
        const update = refresh();
        updates.push(update);
        hooks.onUpdate?.(update, config.maxIterations);
        lossSum = 0;
        lossCount = 0;
        if (update.changed !== null && update.changed < config.tolerance) {
          stoppedBy = 'tolerance';
          break;
        }
        if (iteration >= config.maxIterations) {
          stoppedBy = 'max-iterations';
          break;
        }
        previous = state!.assignments;
      }
      if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'clustering was cancelled');
      if (cursor >= n) {
        order = shuffle(++pass);
        cursor = 0;
      }
      const rows = order.subarray(cursor, Math.min(n, cursor + config.batchSize));
      cursor += rows.length;
      const loss = step(rows, updates.at(-1)!.thresholds);
      if (!Number.isFinite(loss)) throw new AppError('JOB_FAILED', `clustering diverged at iteration ${iteration + 1} (loss ${loss}); try a lower learning rate`);
      lossSum += loss;
      lossCount++;
      iteration++;
      // let cancel messages and progress writes through between batches
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    optimizer.dispose();
    centres.dispose();
  }
  const { z, q, assignments, mu } = state!;
  return { assignments, q, centres: mu, embeddings: z, dimension: d, iterations: iteration, stoppedBy, updates, seed: config.seed };
}
