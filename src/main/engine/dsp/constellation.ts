// Constellation density: a 2-D histogram of the I/Q points of many vectors, so the view
// receives a small grid instead of every raw point.

export interface DensityOptions {
  /** grid cells per axis (default 64) */
  bins?: number;
  /** half-width of the square window [−extent, extent]²; default: the largest |I| or |Q| seen */
  extent?: number;
}

export interface ConstellationDensity {
  /** bins × bins counts, row-major with row = Q cell (ascending), column = I cell (ascending) */
  counts: Uint32Array;
  bins: number;
  extent: number;
  /** largest cell count, for colour scaling */
  max: number;
  /** points that fell inside the window */
  total: number;
}

/**
 * Histogram of the points of `count` vectors laid out [n][2][length] (row 0 = I, row 1 = Q).
 * Points outside the window are left out.
 */
export function constellationDensity(x: Float32Array, length: number, options: DensityOptions = {}): ConstellationDensity {
  const bins = options.bins ?? 64;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`constellationDensity: bins must be a positive integer, got ${bins}`);
  if (!Number.isInteger(length) || length < 1 || x.length % (2 * length) !== 0) {
    throw new RangeError(`constellationDensity: ${x.length} values do not form vectors of 2×${length}`);
  }
  const vectors = x.length / (2 * length);
  let extent = options.extent ?? 0;
  if (options.extent === undefined) {
    for (let k = 0; k < x.length; k++) extent = Math.max(extent, Math.abs(x[k]));
    if (extent === 0) extent = 1;
  }
  const counts = new Uint32Array(bins * bins);
  const scale = bins / (2 * extent);
  let total = 0;
  for (let v = 0; v < vectors; v++) {
    const base = v * 2 * length;
    for (let n = 0; n < length; n++) {
      const xi = x[base + n];
      const xq = x[base + length + n];
      if (!(Math.abs(xi) <= extent && Math.abs(xq) <= extent)) continue;
      // the upper edge belongs to the last cell
      const c = Math.min(bins - 1, Math.floor((xi + extent) * scale));
      const r = Math.min(bins - 1, Math.floor((xq + extent) * scale));
      counts[r * bins + c]++;
      total++;
    }
  }
  let max = 0;
  for (let k = 0; k < counts.length; k++) if (counts[k] > max) max = counts[k];
  return { counts, bins, extent, max, total };
}
