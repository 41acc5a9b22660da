// k-means on points laid out row-major (n × d): k-means++ seeding (Arthur & Vassilvitskii,
// "k-means++: The Advantages of Careful Seeding"), Lloyd iterations, several seeded restarts and
// the run with the lowest inertia kept.
import { AppError } from '../../../../shared/errors.ts';
import { createRng, deriveSeed, type Rng } from '../../base/random.ts';

export interface KMeansOptions {
  k: number;
  /** independent seeded runs; the one with the lowest inertia wins (default 20) */
  restarts?: number;
  /** Lloyd iterations per run at most (default 300) */
  maxIterations?: number;
  seed: number;
}

export interface KMeansResult {
  /** k × d, row-major */
  centres: Float64Array;
  assignments: Int32Array;
  /** Σ of squared distances of the points to their centres */
  inertia: number;
  /** Lloyd iterations of the winning run */
  iterations: number;
  /** index of the winning run */
  restart: number;
  seed: number;
  /** times a centre left without points was moved onto a far point, over every run */
  emptyReseeds: number;
}

export const defaultKMeansRestarts = 20;

function squaredDistance(points: ArrayLike<number>, i: number, centres: Float64Array, j: number, d: number): number {
  let s = 0;
  const a = i * d;
  const b = j * d;
  for (let t = 0; t < d; t++) {
    const diff = points[a + t]! - centres[b + t]!;
    s += diff * diff;
  }
  return s;
}

/** Each point's nearest centre and its squared distance to it. */
export function nearestCentres(points: ArrayLike<number>, d: number, centres: Float64Array): { assignments: Int32Array; distances: Float64Array } {
  const n = points.length / d;
  const k = centres.length / d;
  const assignments = new Int32Array(n);
  const distances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = Number.POSITIVE_INFINITY;
    let bestJ = 0;
    for (let j = 0; j < k; j++) {
      const dist = squaredDistance(points, i, centres, j, d);
      if (dist < best) {
        best = dist;
        bestJ = j;
      }
    }
    assignments[i] = bestJ;
    distances[i] = best;
  }
  return { assignments, distances };
}

/** k distinct-ish seeds: the first uniform, each next drawn with probability ∝ D², D = distance to the nearest seed so far. */
export function kmeansPlusPlus(points: ArrayLike<number>, d: number, k: number, rng: Rng): Float64Array {
  const n = points.length / d;
  const centres = new Float64Array(k * d);
  const copyPoint = (i: number, j: number): void => {
    for (let t = 0; t < d; t++) centres[j * d + t] = points[i * d + t]!;
  };
  copyPoint(rng.int(n), 0);
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  for (let j = 1; j < k; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i]!, squaredDistance(points, i, centres, j - 1, d));
      sum += nearest[i]!;
    }
    // all points coincide with seeds already: any point will do
    let pick = rng.int(n);
    if (sum > 0) {
      let target = rng.next() * sum;
      for (let i = 0; i < n; i++) {
        target -= nearest[i]!;
        if (target < 0 || i === n - 1) {
          pick = i;
          break;
        }
      }
    }
    copyPoint(pick, j);
  }
  return centres;
}

interface Run {
  centres: Float64Array;
  assignments: Int32Array;
  inertia: number;
  iterations: number;
  emptyReseeds: number;
}

function lloyd(points: ArrayLike<number>, d: number, centres: Float64Array, maxIterations: number): Run {
  const n = points.length / d;
  const k = centres.length / d;
  let { assignments, distances } = nearestCentres(points, d, centres);
  let iterations = 0;
  let emptyReseeds = 0;
  for (; iterations < maxIterations; iterations++) {
    const sums = new Float64Array(k * d);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const j = assignments[i]!;
      counts[j]!++;
      for (let t = 0; t < d; t++) sums[j * d + t] += points[i * d + t]!;
    }
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) {
        // an empty centre moves onto the point worst served by its own
        let far = 0;
        for (let i = 1; i < n; i++) if (distances[i]! > distances[far]!) far = i;
        for (let t = 0; t < d; t++) centres[j * d + t] = points[far * d + t]!;
        distances[far] = 0;
        emptyReseeds++;
        continue;
      }
      for (let t = 0; t < d; t++) centres[j * d + t] = sums[j * d + t]! / counts[j]!;
    }
    const next = nearestCentres(points, d, centres);
    let changed = 0;
    for (let i = 0; i < n; i++) if (next.assignments[i] !== assignments[i]) changed++;
    assignments = next.assignments;
    distances = next.distances;
    if (changed === 0) {
      iterations++;
      break;
    }
  }
  const inertia = distances.reduce((a, b) => a + b, 0);
  return { centres, assignments, inertia, iterations, emptyReseeds };
}

export function kmeans(points: ArrayLike<number>, d: number, options: KMeansOptions): KMeansResult {
  const { k, seed } = options;
  const restarts = options.restarts ?? defaultKMeansRestarts;
  const maxIterations = options.maxIterations ?? 300;
  if (!Number.isInteger(d) || d < 1 || points.length % d !== 0) throw new AppError('VALIDATION', `k-means: ${points.length} values do not form points of dimension ${d}`);
  const n = points.length / d;
  if (!Number.isInteger(k) || k < 1) throw new AppError('VALIDATION', `k-means: K must be a positive integer, got ${k}`);
  if (n < k) throw new AppError('VALIDATION', `k-means: ${n} points cannot form ${k} clusters`);
  if (!Number.isInteger(restarts) || restarts < 1) throw new AppError('VALIDATION', `k-means: restarts must be a positive integer, got ${restarts}`);
  let best: (Run & { restart: number }) | null = null;
  let emptyReseeds = 0;
  for (let r = 0; r < restarts; r++) {
    const rng = createRng(deriveSeed(seed, 'kmeans', r));
    const run = lloyd(points, d, kmeansPlusPlus(points, d, k, rng), maxIterations);
    emptyReseeds += run.emptyReseeds;
    if (!best || run.inertia < best.inertia) best = { ...run, restart: r };
  }
  const { centres, assignments, inertia, iterations, restart } = best!;
  return { centres, assignments, inertia, iterations, restart, seed, emptyReseeds };
}
