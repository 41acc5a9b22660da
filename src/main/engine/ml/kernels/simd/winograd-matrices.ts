// Winograd's minimal filtering F(m, r) for a 1-D correlation y[i] = Σ_k d[i + k]·g[k] (i < m,
// k < r, d of length α = m + r − 1), built from the polynomial-product view: evaluate at α
// points (the last one ∞, which reads a polynomial's leading coefficient), multiply pointwise,
// interpolate. The correlation is the transpose of that product:
//   y = Aᵀ · ((G·g) ⊙ (Bᵀ·d)),  Aᵀ = E_mᵀ,  G = D⁻¹·E_r,  Bᵀ = D·V⁻ᵀ,
// where E_k evaluates a polynomial of k coefficients at the points, V = E_α, and the diagonal D
// scales each row of Bᵀ to small integers (Bᵀ runs on every data tile, G once per filter).
// F(4, 3) serves forward convolutions and input gradients (4 outputs of a 3-tap filter, 6
// products instead of 12), F(3, 4) filter gradients (3 taps from 4 outputs' dy); with the same
// points both share Bᵀ.

export interface WinogradMatrices {
  /** outputs per tile (m) and filter length (r) */
  m: number;
  r: number;
  /** α × α: data tile → transformed tile */
  inputT: number[][];
  /** α × r: filter → transformed filter */
  filter: number[][];
  /** m × α: pointwise products → outputs */
  outputT: number[][];
}

/** Finite points of the default 6-point transforms (∞ is appended). */
export const WINOGRAD_POINTS: readonly number[] = [0, 1, -1, 2, -2];

/** Rows: the α points; columns: the coefficients of a polynomial with k of them. */
function evaluation(points: readonly number[], k: number): number[][] {
  const rows = points.map((p) => Array.from({ length: k }, (_, j) => p ** j));
  rows.push(Array.from({ length: k }, (_, j) => (j === k - 1 ? 1 : 0)));
  return rows;
}

/** Inverse by Gauss–Jordan elimination with partial pivoting (small, well-conditioned matrices). */
function inverse(a: number[][]): number[][] {
  const n = a.length;
  const w = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(w[r]![col]!) > Math.abs(w[pivot]![col]!)) pivot = r;
    [w[col], w[pivot]] = [w[pivot]!, w[col]!];
    const p = w[col]![col]!;
    if (p === 0) throw new Error('winograd: evaluation points must be distinct');
    w[col] = w[col]!.map((v) => v / p);
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = w[r]![col]!;
      if (f !== 0) w[r] = w[r]!.map((v, j) => v - f * w[col]![j]!);
    }
  }
  return w.map((row) => row.slice(n));
}

const transpose = (a: number[][]) => a[0]!.map((_, j) => a.map((row) => row[j]!));

/** The smallest factor (up to 360) that makes every entry of the row an integer, relative to its smallest entry. */
function integerScale(row: number[]): number {
  const smallest = Math.min(...row.filter((v) => Math.abs(v) > 1e-12).map(Math.abs));
  for (let q = 1; q <= 360; q++) {
    const s = q / smallest;
    if (row.every((v) => Math.abs(v * s - Math.round(v * s)) < 1e-9)) return s;
  }
  return 1;
}

/** Snaps values within rounding of a simple fraction (denominator ≤ 360) onto it. */
const tidy = (v: number) => {
  for (let q = 1; q <= 360; q++) if (Math.abs(v * q - Math.round(v * q)) < 1e-9) return Math.round(v * q) / q;
  return v;
};

export function winogradMatrices(m: number, r: number, points: readonly number[] = WINOGRAD_POINTS): WinogradMatrices {
  const alpha = m + r - 1;
  if (points.length !== alpha - 1) throw new Error(`winograd: F(${m}, ${r}) needs ${alpha - 1} finite points`);
  const vInverseT = transpose(inverse(evaluation(points, alpha)));
  const scale = vInverseT.map(integerScale);
  return {
    m,
    r,
    inputT: vInverseT.map((row, t) => row.map((v) => tidy(v * scale[t]!))),
    filter: evaluation(points, r).map((row, t) => row.map((v) => tidy(v / scale[t]!))),
    outputT: transpose(evaluation(points, m)),
  };
}
