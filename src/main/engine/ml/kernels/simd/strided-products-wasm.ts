// The wasm function behind batched matrix products (strided-mat-mul.ts): for every batch,
// C[m][j] = act(bias[j] + Σ_k A(m, k)·B[k][j]), where A is read one float at a time through any row
// and depth strides (so Aᵀ costs nothing) and B's rows and C's rows are contiguous. Registers hold
// two rows × 16 columns of C while k runs; columns left over go four at a time, a row left over
// alone. The bias and the ReLU are optional.
import { op, repeat, type FunctionDefinition } from './wasm-encoding.ts';

export interface StridedProducts {
  /**
   * Addresses and strides in bytes. A(m, k) at a + m·aRow + k·aDepth, B[k][j] at b + k·bDepth + 4j,
   * C[m][j] at c + m·cRow + 4j; each batch moves a, b and c on by aBatch, bBatch and cBatch.
   * batches, M and K ≥ 1; the columns are columnBytes/4, a multiple of 4, of which the first
   * blockEndBytes/4 (a multiple of 16) go in blocks of 16. C is overwritten, or with
   * accumulate ≠ 0 added to; otherwise with hasBias ≠ 0 bias[j] (float32 at `bias`) starts every
   * sum. With relu ≠ 0 negative results become 0.
   */
  stridedProducts(
    a: number, aBatch: number, aRow: number, aDepth: number,
    b: number, bBatch: number, bDepth: number,
    c: number, cBatch: number, cRow: number,
    batches: number, M: number, K: number, blockEndBytes: number, columnBytes: number,
    bias: number, hasBias: number, relu: number, accumulate: number,
  ): void;
}

const { get, set, tee, add, sub, mul, ltU, ltS, eqz, select, block, loop, end, br, brIf, loadAt, storeAt, splatAt, zero, f32x4Add, f32x4Mul, f32x4Max } = op;
const i32 = op.const;

// parameters
const A = 0, A_BATCH = 1, A_ROW = 2, A_DEPTH = 3, B = 4, B_BATCH = 5, B_DEPTH = 6, C = 7, C_BATCH = 8, C_ROW = 9;
const BATCHES = 10, M = 11, K = 12, BLOCK_END = 13, COLUMNS = 14, BIAS = 15, HAS_BIAS = 16, RELU = 17, ACCUMULATE = 18;
const PARAMS = 19;
// i32 locals
const AB = 19, BB = 20, CB = 21, ROWS = 22, AM = 23, CM = 24, J = 25, KK = 26, BP = 27, AP = 28; // AP, AP + 1: one per row
const I32_LOCALS = AP + 2 - PARAMS;
// v128 locals
const ACC = AP + 2;
const BV = ACC + 8;
const SPLAT = BV + 4;
const acc = (r: number, v: number) => ACC + r * 4 + v;

const BLOCK_BYTES = 64;

/** Address of C's row r of the tile, at column byte J. */
const cAt = (r: number) => [...get(CM), ...(r === 0 ? [] : [...get(C_ROW), ...i32(r), ...mul, ...add]), ...get(J), ...add];
/** The starting sums of row r, columns J + 4v …: what C holds (ACCUMULATE), else the bias there, or zero. */
const start = (r: number, v: number) => [
  ...cAt(r), ...loadAt(16 * v),
  ...get(BIAS), ...get(J), ...add, ...loadAt(16 * v), ...zero, ...get(HAS_BIAS), ...select,
  ...get(ACCUMULATE), ...select,
];
/** acc, or max(acc, 0) with RELU set. */
const activated = (r: number, v: number) => [...get(acc(r, v)), ...zero, ...f32x4Max, ...get(acc(r, v)), ...get(RELU), ...select];

/** C[rows][j … j + 4·vectors) from rows of A starting at AM, B's columns from byte J. */
function tile(rows: number, vectors: number): number[] {
  return [
    ...repeat(rows, (r) => repeat(vectors, (v) => [...start(r, v), ...set(acc(r, v))])),
    ...repeat(rows, (r) => [...get(AM), ...(r === 0 ? [] : [...get(A_ROW), ...i32(r), ...mul, ...add]), ...set(AP + r)]),
    ...get(BB), ...get(J), ...add, ...set(BP),
    ...get(K), ...set(KK),
    ...loop,
    ...repeat(vectors, (v) => [...get(BP), ...loadAt(16 * v), ...set(BV + v)]),
    ...repeat(rows, (r) => [
      ...get(AP + r), ...splatAt(0), ...set(SPLAT),
      ...repeat(vectors, (v) => [...get(acc(r, v)), ...get(SPLAT), ...get(BV + v), ...f32x4Mul, ...f32x4Add, ...set(acc(r, v))]),
      ...get(AP + r), ...get(A_DEPTH), ...add, ...set(AP + r),
    ]),
    ...get(BP), ...get(B_DEPTH), ...add, ...set(BP),
    ...get(KK), ...i32(1), ...sub, ...tee(KK), ...brIf(0),
    ...end,
    ...repeat(rows, (r) => repeat(vectors, (v) => [...cAt(r), ...activated(r, v), ...storeAt(16 * v)])),
  ];
}

/** Every column of `rows` rows: blocks of 16, then groups of 4. */
function rowBlock(rows: number): number[] {
  return [
    ...i32(0), ...set(J),
    ...block,
    ...get(BLOCK_END), ...eqz, ...brIf(0),
    ...loop,
    ...tile(rows, 4),
    ...get(J), ...i32(BLOCK_BYTES), ...add, ...tee(J), ...get(BLOCK_END), ...ltU, ...brIf(0),
    ...end,
    ...end,
    ...block,
    ...get(J), ...get(COLUMNS), ...ltU, ...eqz, ...brIf(0),
    ...loop,
    ...tile(rows, 1),
    ...get(J), ...i32(16), ...add, ...tee(J), ...get(COLUMNS), ...ltU, ...brIf(0),
    ...end,
    ...end,
    ...get(AM), ...get(A_ROW), ...i32(rows), ...mul, ...add, ...set(AM),
    ...get(CM), ...get(C_ROW), ...i32(rows), ...mul, ...add, ...set(CM),
    ...get(ROWS), ...i32(rows), ...sub, ...set(ROWS),
  ];
}

export const stridedProductsFunction: FunctionDefinition = {
  name: 'stridedProducts',
  params: PARAMS,
  locals: I32_LOCALS,
  vectors: 8 + 4 + 1,
  body: [
    ...get(A), ...set(AB), ...get(B), ...set(BB), ...get(C), ...set(CB),
    ...loop, // batches
    ...get(AB), ...set(AM), ...get(CB), ...set(CM), ...get(M), ...set(ROWS),
    ...block, ...loop, // pairs of rows
    ...get(ROWS), ...i32(2), ...ltS, ...brIf(1),
    ...rowBlock(2),
    ...br(0),
    ...end, ...end,
    ...block, // the row left over
    ...get(ROWS), ...eqz, ...brIf(0),
    ...rowBlock(1),
    ...end,
    ...get(AB), ...get(A_BATCH), ...add, ...set(AB),
    ...get(BB), ...get(B_BATCH), ...add, ...set(BB),
    ...get(CB), ...get(C_BATCH), ...add, ...set(CB),
    ...get(BATCHES), ...i32(1), ...sub, ...tee(BATCHES), ...brIf(0),
    ...end,
  ],
};
