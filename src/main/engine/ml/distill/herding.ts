// Herding (Welling 2009, as iCaRL selects exemplars): pick k signals one at a time so that the
// running mean of the chosen embeddings stays as close as possible to the group's mean.

/** Rows of a row-major [n, dim] matrix. */
export interface FeatureRows {
  data: Float32Array;
  n: number;
  dim: number;
}

export function rowMean(f: FeatureRows): Float64Array {
  const mean = new Float64Array(f.dim);
  for (let i = 0; i < f.n; i++) {
    for (let d = 0; d < f.dim; d++) mean[d] += f.data[i * f.dim + d]!;
  }
  for (let d = 0; d < f.dim; d++) mean[d] /= f.n;
  return mean;
}

/**
 * Row indices in the order chosen: step t takes the unchosen row i minimising
 * ‖mean − (Σ chosen + f_i) / t‖; ties go to the lower index.
 */
export function herdingSelect(f: FeatureRows, k: number): Int32Array {
  if (k > f.n) throw new RangeError(`herding: cannot choose ${k} of ${f.n} rows`);
  const mean = rowMean(f);
  const chosenSum = new Float64Array(f.dim);
  const taken = new Uint8Array(f.n);
  const order = new Int32Array(k);
  for (let t = 1; t <= k; t++) {
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let i = 0; i < f.n; i++) {
      if (taken[i]) continue;
      let distance = 0;
      for (let d = 0; d < f.dim; d++) {
        const r = mean[d]! - (chosenSum[d]! + f.data[i * f.dim + d]!) / t;
        distance += r * r;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = i;
      }
    }
    taken[best] = 1;
    order[t - 1] = best;
    for (let d = 0; d < f.dim; d++) chosenSum[d] += f.data[best * f.dim + d]!;
  }
  return order;
}
