// The pairwise part of the objective, as in "Deep Adaptive Image Clustering" (DAC): pairs whose
// embeddings are very alike (cosine above an upper threshold) should share a cluster, pairs
// clearly unalike (below a lower one) should not, the rest are left out; the thresholds move
// towards each other as training goes on, so the selection starts with the surest pairs.

export interface PairThresholds {
  upper: number;
  lower: number;
}

/** DAC's schedule, u = 0.95 − λ and l = 0.455 + 0.1·λ, with λ = step × updates, held once they meet. */
export function pairThresholds(updates: number, step: number): PairThresholds {
  const meet = (0.95 - 0.455) / 1.1;
  const lambda = Math.min(step * updates, meet);
  return { upper: 0.95 - lambda, lower: 0.455 + 0.1 * lambda };
}

export interface PairSelection {
  /** m × m, 1 where the pair should share a cluster */
  target: Float32Array;
  /** m × m, 1 where the pair is selected either way (never the diagonal) */
  mask: Float32Array;
  positives: number;
  negatives: number;
}

/**
 * Selects the pairs among the rows `rows` of embeddings z (dimension d) by the cosine of their
 * embeddings centred on `mean`: centring matters, ReLU features all lie in one orthant, where
 * every cosine is high.
 */
export function selectPairs(z: ArrayLike<number>, d: number, rows: ArrayLike<number>, mean: ArrayLike<number>, thresholds: PairThresholds): PairSelection {
  const m = rows.length;
  const unit = new Float64Array(m * d);
  for (let a = 0; a < m; a++) {
    const base = rows[a]! * d;
    let norm = 0;
    for (let t = 0; t < d; t++) {
      const v = z[base + t]! - mean[t]!;
      unit[a * d + t] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (let t = 0; t < d; t++) unit[a * d + t] = norm > 0 ? unit[a * d + t]! / norm : 0;
  }
  const target = new Float32Array(m * m);
  const mask = new Float32Array(m * m);
  let positives = 0;
  let negatives = 0;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      let cos = 0;
      for (let t = 0; t < d; t++) cos += unit[a * d + t]! * unit[b * d + t]!;
      if (cos > thresholds.upper) {
        target[a * m + b] = target[b * m + a] = 1;
        mask[a * m + b] = mask[b * m + a] = 1;
        positives++;
      } else if (cos < thresholds.lower) {
        mask[a * m + b] = mask[b * m + a] = 1;
        negatives++;
      }
    }
  }
  return { target, mask, positives, negatives };
}
