// Greedy k-center (Gonzalez's farthest-point traversal, the core-set selection of Sener &
// Savarese): start from the row nearest the group's mean, then repeatedly take the row farthest
// from everything chosen so far.
import { rowMean, type FeatureRows } from './herding.ts';

function squaredDistance(f: FeatureRows, i: number, to: ArrayLike<number>, offset: number): number {
  let s = 0;
  for (let d = 0; d < f.dim; d++) {
    const r = f.data[i * f.dim + d]! - to[offset + d]!;
    s += r * r;
  }
  return s;
}

/** Row indices in the order chosen; ties go to the lower index. */
export function kCenterSelect(f: FeatureRows, k: number): Int32Array {
  if (k > f.n) throw new RangeError(`k-center: cannot choose ${k} of ${f.n} rows`);
  const order = new Int32Array(k);
  if (k === 0) return order;
  const mean = rowMean(f);
  let first = 0;
  let nearest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < f.n; i++) {
    const d = squaredDistance(f, i, mean, 0);
    if (d < nearest) {
      nearest = d;
      first = i;
    }
  }
  order[0] = first;
  const taken = new Uint8Array(f.n);
  taken[first] = 1;
  // distance of every row to its nearest chosen centre
  const gap = new Float64Array(f.n);
  for (let i = 0; i < f.n; i++) gap[i] = squaredDistance(f, i, f.data, first * f.dim);
  for (let t = 1; t < k; t++) {
    // among rows not chosen yet, so duplicates of a centre are still taken once each
    let far = -1;
    for (let i = 0; i < f.n; i++) if (!taken[i] && (far < 0 || gap[i]! > gap[far]!)) far = i;
    order[t] = far;
    taken[far] = 1;
    for (let i = 0; i < f.n; i++) gap[i] = Math.min(gap[i]!, squaredDistance(f, i, f.data, far * f.dim));
  }
  return order;
}
