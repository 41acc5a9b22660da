// Dense matrices for the graph heat maps, rebuilt in the page from the compact forms the engine
// sends (an edge list, or a band of 2m + 1 entries per node).

/** The 0/1 adjacency of an undirected graph given as flattened (i, j) pairs. */
export function edgeMatrix(nodes: number, edges: readonly number[]): number[][] {
  const z = Array.from({ length: nodes }, () => new Array<number>(nodes).fill(0));
  for (let k = 0; k + 1 < edges.length; k += 2) {
    const i = edges[k]!;
    const j = edges[k + 1]!;
    z[i]![j] = 1;
    z[j]![i] = 1;
  }
  return z;
}

/** The weighted adjacency of a band [nodes][2m + 1], entry (t, o + m) being edge (t, t + o). */
export function bandMatrix(nodes: number, diagonals: number, band: readonly number[]): number[][] {
  const width = 2 * diagonals + 1;
  const z = Array.from({ length: nodes }, () => new Array<number>(nodes).fill(0));
  for (let t = 0; t < nodes; t++) {
    for (let o = -diagonals; o <= diagonals; o++) {
      if (t + o >= 0 && t + o < nodes) z[t]![t + o] = band[t * width + o + diagonals]!;
    }
  }
  return z;
}
