// A suggestion for K when the user does not know it: k-means for each K in a range, scored by the
// mean silhouette (Rousseeuw, "Silhouettes: a graphical aid to the interpretation and validation
// of cluster analysis") on a seeded subsample, since the score costs O(n²).
import { AppError } from '../../../../shared/errors.ts';
import { createRng, deriveSeed } from '../../base/random.ts';
import { kmeans } from './kmeans.ts';

export interface EstimateKOptions {
  kMin: number;
  kMax: number;
  seed: number;
  /** points the silhouette is computed on (default 1000) */
  sample?: number;
  /** k-means restarts per K (default 5: only the score's ranking matters here) */
  restarts?: number;
}

export interface KEstimate {
  k: number;
  scores: { k: number; silhouette: number }[];
  seed: number;
}

/** Mean silhouette of the labelled points (Euclidean); a point alone in its cluster scores 0. */
export function meanSilhouette(points: ArrayLike<number>, d: number, labels: ArrayLike<number>, k: number): number {
  const n = labels.length;
  const sums = new Float64Array(k);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]!]!++;
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let m = 0; m < n; m++) {
      if (m === i) continue;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = points[i * d + t]! - points[m * d + t]!;
        s += diff * diff;
      }
      sums[labels[m]!] += Math.sqrt(s);
    }
    const own = labels[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let j = 0; j < k; j++) if (j !== own && sizes[j]! > 0) b = Math.min(b, sums[j]! / sizes[j]!);
    if (Number.isFinite(b)) total += (b - a) / Math.max(a, b, Number.MIN_VALUE);
  }
  return total / n;
}

export function estimateK(points: ArrayLike<number>, d: number, options: EstimateKOptions): KEstimate {
  const { kMin, kMax, seed } = options;
  const n = points.length / d;
  if (!Number.isInteger(kMin) || !Number.isInteger(kMax) || kMin < 2 || kMax < kMin) {
    throw new AppError('VALIDATION', `K estimate: the range must be integers with 2 ≤ kMin ≤ kMax, got ${kMin}..${kMax}`);
  }
  if (kMax >= n) throw new AppError('VALIDATION', `K estimate: ${n} points are too few for K up to ${kMax}`);
  const sampleSize = Math.min(n, options.sample ?? 1000);
  const chosen = createRng(deriveSeed(seed, 'silhouette-sample')).shuffle(Int32Array.from({ length: n }, (_, i) => i)).subarray(0, sampleSize);
  const sample = new Float64Array(sampleSize * d);
  chosen.forEach((i, s) => {
    for (let t = 0; t < d; t++) sample[s * d + t] = points[i * d + t]!;
  });
  const scores: KEstimate['scores'] = [];
  for (let k = kMin; k <= kMax; k++) {
    const { assignments } = kmeans(points, d, { k, seed: deriveSeed(seed, 'estimate', k), restarts: options.restarts ?? 5 });
    const labels = Int32Array.from(chosen, (i) => assignments[i]!);
    scores.push({ k, silhouette: meanSilhouette(sample, d, labels, k) });
  }
  const best = scores.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
  return { k: best.k, scores, seed };
}
