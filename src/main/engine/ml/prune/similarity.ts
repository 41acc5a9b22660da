// Representation similarity between two layers' activations on the same calibration samples (step 1 of “A
// Generic Layer Pruning Method for Signal Modulation Recognition Deep Learning Models”). Each activation
// matrix is n samples × p features, row-major.

export interface Activations {
  data: Float32Array | Float64Array;
  n: number; // samples (rows)
  p: number; // features per sample (columns)
}

export type SimilarityMeasure = 'cka' | 'cosine';

/** Gram matrix G = A·Aᵀ (n × n), optionally of the column-centred A. */
function gram(a: Activations, centre: boolean): Float64Array {
  const { n, p, data } = a;
  const rows = new Float64Array(n * p);
  for (let i = 0; i < n * p; i++) rows[i] = data[i]!;
  if (centre) {
    for (let j = 0; j < p; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += rows[i * p + j]!;
      mean /= n;
      for (let i = 0; i < n; i++) rows[i * p + j]! -= mean;
    }
  }
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * p;
    for (let k = i; k < n; k++) {
      const rk = k * p;
      let s = 0;
      for (let j = 0; j < p; j++) s += rows[ri + j]! * rows[rk + j]!;
      g[i * n + k] = s;
      g[k * n + i] = s;
    }
  }
  return g;
}

function frobeniusCosine(x: Float64Array, y: Float64Array): number {
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < x.length; i++) {
    xy += x[i]! * y[i]!;
    xx += x[i]! * x[i]!;
    yy += y[i]! * y[i]!;
  }
  if (xx === 0 || yy === 0) return 0;
  return xy / Math.sqrt(xx * yy);
}

/**
 * Linear CKA: ⟨Kc, Lc⟩_F / (‖Kc‖_F ‖Lc‖_F) with Kc, Lc the Gram matrices of the column-centred
 * activations. 'cosine' is the same ratio on the uncentred Gram matrices. Both are 1 for
 * identical inputs and invariant to orthogonal transforms of the features; CKA is also
 * invariant to per-feature offsets.
 */
export function layerSimilarity(a: Activations, b: Activations, measure: SimilarityMeasure = 'cka'): number {
  if (a.n !== b.n) throw new Error(`similarity needs the same samples on both sides: ${a.n} vs ${b.n}`);
  const centre = measure === 'cka';
  return frobeniusCosine(gram(a, centre), gram(b, centre));
}

/** Symmetric matrix S[i][j] = similarity of layer i and layer j (unit diagonal). */
export function similarityMatrix(layers: Activations[], measure: SimilarityMeasure = 'cka'): number[][] {
  const centre = measure === 'cka';
  const grams = layers.map((l) => gram(l, centre));
  const m = layers.length;
  const s = Array.from({ length: m }, () => new Array<number>(m).fill(1));
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const v = frobeniusCosine(grams[i]!, grams[j]!);
      s[i]![j] = v;
      s[j]![i] = v;
    }
  }
  return s;
}
