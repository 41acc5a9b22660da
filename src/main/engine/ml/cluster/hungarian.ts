// Minimum-cost one-to-one assignment on a rectangular cost matrix: the Hungarian method in its
// shortest-augmenting-path form with row and column potentials, O(r²·c) for r ≤ c.

/**
 * For each row, the column it is assigned to (every row gets a distinct column when rows ≤
 * columns; with more rows than columns, the rows left over get -1). Minimises the summed cost.
 */
export function minCostAssignment(cost: readonly (readonly number[])[]): Int32Array {
  const rows = cost.length;
  const cols = rows === 0 ? 0 : cost[0]!.length;
  for (const [i, row] of cost.entries()) {
    if (row.length !== cols) throw new RangeError(`minCostAssignment: row ${i} has ${row.length} columns, row 0 has ${cols}`);
    if (row.some((v) => !Number.isFinite(v))) throw new RangeError(`minCostAssignment: row ${i} holds a cost that is not a finite number`);
  }
  if (rows <= cols) return assignRows(rows, cols, (i, j) => cost[i]![j]!);
  // more rows than columns: assign the columns to rows, then invert
  const colToRow = assignRows(cols, rows, (j, i) => cost[i]![j]!);
  const rowToCol = new Int32Array(rows).fill(-1);
  colToRow.forEach((i, j) => (rowToCol[i] = j));
  return rowToCol;
}

/** The same assignment, maximising the summed score (e.g. matches in a contingency table). */
export function maxScoreAssignment(score: readonly (readonly number[])[]): Int32Array {
  return minCostAssignment(score.map((row) => row.map((v) => -v)));
}

/** rows ≤ cols: every row gets a column. Indices inside are 1-based, 0 standing for "none". */
function assignRows(rows: number, cols: number, at: (i: number, j: number) => number): Int32Array {
  const rowPotential = new Float64Array(rows + 1);
  const colPotential = new Float64Array(cols + 1);
  const rowOfCol = new Int32Array(cols + 1);
  const previousCol = new Int32Array(cols + 1);
  const slack = new Float64Array(cols + 1);
  const visited = new Uint8Array(cols + 1);
  for (let row = 1; row <= rows; row++) {
    // grow an alternating tree from the free row until it reaches a free column
    rowOfCol[0] = row;
    let col = 0;
    slack.fill(Number.POSITIVE_INFINITY);
    visited.fill(0);
    do {
      visited[col] = 1;
      const i = rowOfCol[col]!;
      let delta = Number.POSITIVE_INFINITY;
      let nextCol = 0;
      for (let j = 1; j <= cols; j++) {
        if (visited[j]) continue;
        const reduced = at(i - 1, j - 1) - rowPotential[i]! - colPotential[j]!;
        if (reduced < slack[j]!) {
          slack[j] = reduced;
          previousCol[j] = col;
        }
        if (slack[j]! < delta) {
          delta = slack[j]!;
          nextCol = j;
        }
      }
      for (let j = 0; j <= cols; j++) {
        if (visited[j]) {
          rowPotential[rowOfCol[j]!] += delta;
          colPotential[j] -= delta;
        } else {
          slack[j] -= delta;
        }
      }
      col = nextCol;
    } while (rowOfCol[col] !== 0);
    // flip the augmenting path back to the root
    do {
      const prev = previousCol[col]!;
      rowOfCol[col] = rowOfCol[prev]!;
      col = prev;
    } while (col !== 0);
  }
  const rowToCol = new Int32Array(rows).fill(-1);
  for (let j = 1; j <= cols; j++) if (rowOfCol[j]! > 0) rowToCol[rowOfCol[j]! - 1] = j - 1;
  return rowToCol;
}
