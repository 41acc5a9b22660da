// Dynamic time warping between two complex baseband sequences, with a Sakoe–Chiba band.
//
// The local cost of pairing sample i of a with sample j of b is |a_i − b_j|², the squared
// distance of the two complex samples (units of |x|², the sequences' own power units). The DTW
// distance is the least total local cost over the monotone, continuous paths from (0, 0) to
// (n − 1, m − 1) (steps (1, 0), (0, 1) and (1, 1)). The band keeps every path inside
// |i − j| ≤ radius (samples); a radius of max(n, m) − 1 or more leaves the paths unconstrained.
// Work and memory: O(n · (2·radius + 1)) cells and two rows of m + 1 doubles.

/** A complex sequence as its I and Q rails (equal lengths; subarray views cost no copy). */
export interface IqSequence {
  i: Float32Array;
  q: Float32Array;
}

export interface DtwOptions {
  /** Sakoe–Chiba radius in samples (default: unconstrained); must be ≥ |n − m| */
  radius?: number;
  /**
   * Return +Infinity for any distance above this, giving up as soon as every partial path costs
   * more: the costs are never negative, so such a pair can never come under it (exact pruning
   * for a search). Distances up to it are exact.
   */
  abandonAbove?: number;
  /** reusable scratch of at least 2·(m + 1) doubles, to spare an allocation per call */
  scratch?: Float64Array;
}

/** DTW distance between a and b (units of |x|²); +Infinity when above `abandonAbove`. */
export function dtwDistance(a: IqSequence, b: IqSequence, options: DtwOptions = {}): number {
  const n = a.i.length;
  const m = b.i.length;
  if (a.q.length !== n || b.q.length !== m) throw new RangeError('dtwDistance: the I and Q rails of a sequence must have the same length');
  if (n === 0 || m === 0) throw new RangeError('dtwDistance: sequences must not be empty');
  const radius = Math.min(options.radius ?? Math.max(n, m), Math.max(n, m));
  if (!Number.isInteger(radius) || radius < Math.abs(n - m)) {
    throw new RangeError(`dtwDistance: the band radius must be an integer ≥ |n − m| = ${Math.abs(n - m)}, got ${options.radius}`);
  }
  const abandonAbove = options.abandonAbove ?? Number.POSITIVE_INFINITY;
  const width = m + 1;
  const scratch = options.scratch && options.scratch.length >= 2 * width ? options.scratch : new Float64Array(2 * width);
  // rows are indexed by j + 1; index 0 is the column before the first (j = −1)
  let prev = scratch.subarray(0, width);
  let curr = scratch.subarray(width, 2 * width);
  prev.fill(Number.POSITIVE_INFINITY);
  prev[0] = 0;
  const { i: ai, q: aq } = a;
  const { i: bi, q: bq } = b;
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - radius);
    const hi = Math.min(m - 1, i + radius);
    curr[lo] = Number.POSITIVE_INFINITY;
    const ar = ai[i]!;
    const ax = aq[i]!;
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = lo; j <= hi; j++) {
      const dr = ar - bi[j]!;
      const dx = ax - bq[j]!;
      const diagonal = prev[j]!;
      const up = prev[j + 1]!;
      const left = curr[j]!;
      const best = diagonal < up ? (diagonal < left ? diagonal : left) : up < left ? up : left;
      const cell = dr * dr + dx * dx + best;
      curr[j + 1] = cell;
      if (cell < rowMin) rowMin = cell;
    }
    // the next row may read one column past this row's band: it holds no path
    if (hi + 2 < width) curr[hi + 2] = Number.POSITIVE_INFINITY;
    if (rowMin > abandonAbove) return Number.POSITIVE_INFINITY;
    const t = prev;
    prev = curr;
    curr = t;
  }
  return prev[m]! > abandonAbove ? Number.POSITIVE_INFINITY : prev[m]!;
}

/** The band radius in samples for a fraction of a sequence length (0: no warping at all). */
export function bandRadius(length: number, fraction: number): number {
  return Math.max(0, Math.round(fraction * length));
}
