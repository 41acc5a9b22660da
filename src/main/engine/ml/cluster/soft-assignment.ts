// The soft assignments and target of "Unsupervised Deep Embedding for Clustering Analysis" (DEC),
// in float64 over a whole set: q_ij ∝ (1 + ‖z_i − μ_j‖²/α)^(−(α+1)/2), a Student-t kernel, and
// the sharpened target p_ij ∝ q_ij² / f_j with f_j = Σ_i q_ij, whose division by the cluster's
// soft size keeps large clusters from swallowing the rest.
import { rowArgmax } from '../../base/row-argmax.ts';

/** n × k soft assignments of n embeddings (row-major, dimension d) to k centres; rows sum to 1. */
export function studentTAssignment(z: ArrayLike<number>, d: number, centres: ArrayLike<number>, alpha = 1): Float64Array {
  const n = z.length / d;
  const k = centres.length / d;
  const q = new Float64Array(n * k);
  const power = -(alpha + 1) / 2;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let j = 0; j < k; j++) {
      let dist = 0;
      for (let t = 0; t < d; t++) {
        const diff = z[i * d + t]! - centres[j * d + t]!;
        dist += diff * diff;
      }
      const v = (1 + dist / alpha) ** power;
      q[i * k + j] = v;
      rowSum += v;
    }
    for (let j = 0; j < k; j++) q[i * k + j] /= rowSum;
  }
  return q;
}

/** The target distribution P of a whole set's Q (n × k): squared, divided by soft cluster size, rows renormalised. */
export function targetDistribution(q: Float64Array, k: number): Float64Array {
  const n = q.length / k;
  const softSize = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) softSize[j] += q[i * k + j]!;
  const p = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let j = 0; j < k; j++) {
      const v = softSize[j]! > 0 ? q[i * k + j]! ** 2 / softSize[j]! : 0;
      p[i * k + j] = v;
      rowSum += v;
    }
    for (let j = 0; j < k; j++) p[i * k + j] = rowSum > 0 ? p[i * k + j]! / rowSum : 1 / k;
  }
  return p;
}

/** The most probable cluster of each row. */
export function hardAssignments(q: ArrayLike<number>, k: number): Int32Array {
  return rowArgmax(q, k);
}

/** KL(P‖Q) averaged over rows, in nats. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>, k: number): number {
  const n = p.length / k;
  let sum = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) sum += p[i]! * Math.log(p[i]! / q[i]!);
  return sum / n;
}
