// Natural and horizontal visibility graphs of a real series (the fixed-rule graphs that “Adaptive Visibility
// Graph Neural Network and its Application in Modulation Classification” learns to improve on): nodes are the
// time steps; edges join samples that "see" each other over everything in between.

export interface VisibilityGraph {
  nodeCount: number;
  /** edges as flattened pairs (i, j) with i < j, sorted by i then j */
  edges: Int32Array;
  /** number of edges at each node */
  degrees: Int32Array;
}

/**
 * Natural VG: i and j (i < j) are joined when every x_k between lies strictly below the straight
 * line from (i, x_i) to (j, x_j). Equivalently the slope from i to j exceeds the slope from i to
 * every k in between, which lets one left-to-right sweep per i decide all j: O(n²).
 */
export function naturalVisibilityGraph(x: ArrayLike<number>): VisibilityGraph {
  const n = x.length;
  const edges: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    let steepest = -Infinity;
    for (let j = i + 1; j < n; j++) {
      const slope = (x[j] - x[i]) / (j - i);
      if (slope > steepest) {
        edges.push(i, j);
        steepest = slope;
      }
    }
  }
  return build(n, edges);
}

/**
 * Horizontal VG: i and j are joined when every x_k between is strictly below min(x_i, x_j).
 * The sweep from i stops at the first sample at least as high as x_i (it hides the rest).
 */
export function horizontalVisibilityGraph(x: ArrayLike<number>): VisibilityGraph {
  const n = x.length;
  const edges: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    let highestBetween = -Infinity;
    for (let j = i + 1; j < n; j++) {
      if (highestBetween < Math.min(x[i], x[j])) edges.push(i, j);
      if (x[j] >= x[i]) break;
      if (x[j] > highestBetween) highestBetween = x[j];
    }
  }
  return build(n, edges);
}

function build(n: number, edges: number[]): VisibilityGraph {
  const degrees = new Int32Array(n);
  for (const v of edges) degrees[v]++;
  return { nodeCount: n, edges: Int32Array.from(edges), degrees };
}
