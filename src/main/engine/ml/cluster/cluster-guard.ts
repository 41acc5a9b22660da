// The known failures of self-trained clustering (DEC and its followers): a centre that loses all
// its members, and one cluster swallowing most of the set. Sizes, a measure of change between
// target updates for the stopping rule, and the re-seeding of empty centres.

export function clusterSizes(assignments: ArrayLike<number>, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < assignments.length; i++) sizes[assignments[i]!]!++;
  return sizes;
}

/** Share of samples whose cluster differs between two assignments. */
export function changedFraction(previous: ArrayLike<number>, next: ArrayLike<number>): number {
  if (previous.length !== next.length) throw new RangeError(`changedFraction: ${previous.length} vs ${next.length} assignments`);
  let changed = 0;
  for (let i = 0; i < next.length; i++) if (previous[i] !== next[i]) changed++;
  return next.length ? changed / next.length : 0;
}

/**
 * Collapse: the largest cluster holds more than halfway between an even share (1/k) and
 * everything — e.g. 54.5 % for k = 11, 75 % for k = 2.
 */
export function isCollapsed(sizes: readonly number[]): boolean {
  const n = sizes.reduce((a, b) => a + b, 0);
  const k = sizes.length;
  return k > 1 && n > 0 && Math.max(...sizes) / n > (1 + 1 / k) / 2;
}

/**
 * Moves every centre without members onto the embedding farthest from its own assigned
 * centre (a different one each time), in place. Returns the clusters re-seeded.
 */
export function reseedEmptyCentres(z: ArrayLike<number>, d: number, centres: Float64Array, assignments: ArrayLike<number>): number[] {
  const k = centres.length / d;
  const n = z.length / d;
  const sizes = clusterSizes(assignments, k);
  const empty = sizes.flatMap((s, j) => (s === 0 ? [j] : []));
  if (empty.length === 0) return [];
  const distance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = assignments[i]!;
    let s = 0;
    for (let t = 0; t < d; t++) s += (z[i * d + t]! - centres[c * d + t]!) ** 2;
    distance[i] = s;
  }
  for (const j of empty) {
    let far = 0;
    for (let i = 1; i < n; i++) if (distance[i]! > distance[far]!) far = i;
    for (let t = 0; t < d; t++) centres[j * d + t] = z[far * d + t]!;
    distance[far] = -1;
  }
  return empty;
}
