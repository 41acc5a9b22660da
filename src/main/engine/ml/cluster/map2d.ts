// A 2-D map of an embedding for the eye: the first two principal components (exact, cheap), and
// UMAP (McInnes et al., "UMAP: Uniform Manifold Approximation and Projection") from the umap-js
// library with our seeded generator, on at most `maxPoints` samples chosen by seed.
import { UMAP } from 'umap-js';
import { createRng, deriveSeed } from '../../base/random.ts';

export interface EmbeddingMap {
  /** the samples drawn, ascending indices into the set */
  indices: Int32Array;
  /** m × 2 */
  pca: Float32Array;
  /** m × 2, null when UMAP was not asked for */
  umap: Float32Array | null;
  /** share of the variance the two components carry */
  pcaExplained: number;
  seed: number;
}

export interface MapOptions {
  seed: number;
  maxPoints?: number;
  umap?: boolean;
  /** UMAP's neighbourhood size (default 15, the library's own) */
  neighbours?: number;
}

/** The top `count` eigenvectors of a symmetric d × d matrix, by power iteration with deflation. */
function topEigenvectors(matrix: Float64Array, d: number, count: number): { vectors: Float64Array[]; values: number[] } {
  const a = Float64Array.from(matrix);
  const vectors: Float64Array[] = [];
  const values: number[] = [];
  for (let c = 0; c < count; c++) {
    // a fixed, non-degenerate start keeps the result deterministic
    let v = Float64Array.from({ length: d }, (_, t) => 1 + t / d);
    let lambda = 0;
    for (let iter = 0; iter < 500; iter++) {
      const w = new Float64Array(d);
      for (let r = 0; r < d; r++) for (let s = 0; s < d; s++) w[r] += a[r * d + s]! * v[s]!;
      const norm = Math.hypot(...w);
      if (norm === 0) break;
      const next = w.map((x) => x / norm);
      const moved = next.reduce((m, x, t) => m + Math.abs(x - v[t]!), 0);
      v = next;
      lambda = norm;
      if (moved < 1e-12) break;
    }
    // sign convention: the largest component positive
    const big = v.reduce((best, x, t) => (Math.abs(x) > Math.abs(v[best]!) ? t : best), 0);
    if (v[big]! < 0) v = v.map((x) => -x);
    vectors.push(v);
    values.push(lambda);
    for (let r = 0; r < d; r++) for (let s = 0; s < d; s++) a[r * d + s] -= lambda * v[r]! * v[s]!;
  }
  return { vectors, values };
}

/** Projection of n × d points on their first two principal components, and the variance share they carry. */
export function pca2(points: ArrayLike<number>, d: number): { coords: Float32Array; explained: number } {
  const n = points.length / d;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += points[i * d + t]! / n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) row[t] = points[i * d + t]! - mean[t]!;
    for (let r = 0; r < d; r++) for (let s = r; s < d; s++) cov[r * d + s] += row[r]! * row[s]!;
  }
  for (let r = 0; r < d; r++) {
    for (let s = r; s < d; s++) {
      cov[r * d + s] /= Math.max(n - 1, 1);
      cov[s * d + r] = cov[r * d + s]!;
    }
  }
  const total = Array.from({ length: d }, (_, t) => cov[t * d + t]!).reduce((a, b) => a + b, 0);
  const { vectors, values } = topEigenvectors(cov, d, Math.min(2, d));
  const coords = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    vectors.forEach((v, c) => {
      let s = 0;
      for (let t = 0; t < d; t++) s += (points[i * d + t]! - mean[t]!) * v[t]!;
      coords[i * 2 + c] = s;
    });
  }
  return { coords, explained: total > 0 ? values.reduce((a, b) => a + b, 0) / total : 0 };
}

export function embeddingMap(points: Float32Array, d: number, options: MapOptions): EmbeddingMap {
  const n = points.length / d;
  const maxPoints = options.maxPoints ?? 2000;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (n > maxPoints) createRng(deriveSeed(options.seed, 'map-sample')).shuffle(order);
  const indices = order.subarray(0, Math.min(n, maxPoints)).sort();
  const chosen = new Float32Array(indices.length * d);
  indices.forEach((i, m) => chosen.set(points.subarray(i * d, (i + 1) * d), m * d));
  const { coords, explained } = pca2(chosen, d);
  let umapCoords: Float32Array | null = null;
  if (options.umap !== false && indices.length > 2) {
    const rng = createRng(deriveSeed(options.seed, 'umap'));
    const rows = Array.from(indices, (_, m) => Array.from(chosen.subarray(m * d, (m + 1) * d)));
    const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(options.neighbours ?? 15, indices.length - 1), random: () => rng.next() });
    umapCoords = Float32Array.from(umap.fit(rows).flat());
  }
  return { indices, pca: coords, umap: umapCoords, pcaExplained: explained, seed: options.seed };
}
