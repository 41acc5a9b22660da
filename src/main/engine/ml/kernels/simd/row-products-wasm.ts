// The wasm function behind the patch convolutions (conv/patch-rows.ts): out[row] += patch(row) · B
// in 128-bit SIMD, where a row's patch is kc contiguous floats read in place from a tensor
// (rows start aRowStep bytes apart) and B is a small packed [kc, Cout] matrix. Registers hold
// ROW_BLOCK rows × 4·VECTORS channels of the output while the patch streams through; rows left
// over at the end of a segment go one at a time.
import { op, repeat, segmentLoop, type FunctionDefinition } from './wasm-encoding.ts';

export const ROW_BLOCK = 2;
export const VECTORS = 4;

export interface RowProducts {
  /**
   * For `segments` runs of `perSegment` rows (runs start aSegmentStep bytes apart in a and
   * outSegmentStep in out; within a run, patches start aRowStep and output rows outRowStep bytes
   * apart): out[row][j] += Σ_i a[patch + i] · b[i][j] for i < kc, j < Cout. Cout must be a
   * multiple of 4·VECTORS; addresses and steps in bytes.
   */
  rowProducts(
    a: number, aRowStep: number, aSegmentStep: number, segments: number, perSegment: number,
    b: number, kc: number, cout: number, out: number, outRowStep: number, outSegmentStep: number,
  ): void;
  /** As rowProducts, but out[row] = patch(row) · B: what out held is overwritten, not added to. */
  rowProductsSet(
    a: number, aRowStep: number, aSegmentStep: number, segments: number, perSegment: number,
    b: number, kc: number, cout: number, out: number, outRowStep: number, outSegmentStep: number,
  ): void;
}

const { get, set, tee, add, sub, mul, shl, ltU, ltS, loop, block, end, br, brIf, eqz, zero, f32x4Add, f32x4Mul, loadAt, storeAt, splatAt } = op;
const i32 = op.const;

// parameters
const A = 0, A_ROW = 1, A_SEG = 2, SEGMENTS = 3, PER_SEG = 4, B = 5, KC = 6, COUT = 7, OUT = 8, OUT_ROW = 9, OUT_SEG = 10;
// i32 locals
const AS = 11, OS = 12, R = 13, JB = 14, J = 15, BP = 16, OP = 17, COUT_BYTES = 18, S = 19;
const AP = 20; // one patch pointer per row of a block
const I32_LOCALS = 9 + ROW_BLOCK;
// v128 locals
const ACC = AP + ROW_BLOCK;
const BV = ACC + ROW_BLOCK * VECTORS;
const AV = BV + VECTORS;
const acc = (r: number, v: number) => ACC + r * VECTORS + v;

/** Address of row r of a block: base + r·step (r = 0 needs no arithmetic). */
const rowAddress = (base: number, step: number, r: number) =>
  r === 0 ? get(base) : [...get(base), ...get(step), ...i32(r), ...mul, ...add];

/** All channel blocks of `rows` output rows, whose patches start at AS and outputs at OS. */
function rowBlock(rows: number, accumulate: boolean): number[] {
  return [
    ...i32(0), ...set(JB),
    ...loop, // channel blocks
    ...get(OS), ...get(JB), ...i32(2), ...shl, ...add, ...set(OP),
    ...repeat(rows, (r) => repeat(VECTORS, (v) => [...(accumulate ? [...rowAddress(OP, OUT_ROW, r), ...loadAt(16 * v)] : zero), ...set(acc(r, v))])),
    ...repeat(rows, (r) => [...rowAddress(AS, A_ROW, r), ...set(AP + r)]),
    ...get(B), ...get(JB), ...i32(2), ...shl, ...add, ...set(BP),
    ...get(KC), ...set(J),
    ...loop, // patch floats
    ...repeat(VECTORS, (v) => [...get(BP), ...loadAt(16 * v), ...set(BV + v)]),
    ...repeat(rows, (r) => [
      ...get(AP + r), ...splatAt(0), ...set(AV),
      ...repeat(VECTORS, (v) => [...get(acc(r, v)), ...get(AV), ...get(BV + v), ...f32x4Mul, ...f32x4Add, ...set(acc(r, v))]),
      ...get(AP + r), ...i32(4), ...add, ...set(AP + r),
    ]),
    ...get(BP), ...get(COUT_BYTES), ...add, ...set(BP),
    ...get(J), ...i32(1), ...sub, ...tee(J), ...brIf(0),
    ...end,
    ...repeat(rows, (r) => repeat(VECTORS, (v) => [...rowAddress(OP, OUT_ROW, r), ...get(acc(r, v)), ...storeAt(16 * v)])),
    ...get(JB), ...i32(4 * VECTORS), ...add, ...tee(JB), ...get(COUT), ...ltU, ...brIf(0),
    ...end,
    // move on by `rows` rows
    ...get(AS), ...get(A_ROW), ...i32(rows), ...mul, ...add, ...set(AS),
    ...get(OS), ...get(OUT_ROW), ...i32(rows), ...mul, ...add, ...set(OS),
    ...get(R), ...i32(rows), ...sub, ...set(R),
  ];
}

const rowProductsDefinition = (name: string, accumulate: boolean): FunctionDefinition => ({
  name,
  params: 11,
  locals: I32_LOCALS,
  vectors: ROW_BLOCK * VECTORS + VECTORS + 1,
  body: [
    ...get(COUT), ...i32(2), ...shl, ...set(COUT_BYTES),
    ...segmentLoop(SEGMENTS, S, [{ base: A, working: AS, step: A_SEG }, { base: OUT, working: OS, step: OUT_SEG }], [
      ...get(PER_SEG), ...set(R),
      ...block, ...loop, // whole blocks while R ≥ ROW_BLOCK
      ...get(R), ...i32(ROW_BLOCK), ...ltS, ...brIf(1),
      ...rowBlock(ROW_BLOCK, accumulate),
      ...br(0),
      ...end, ...end,
      ...block, ...loop, // the rows left over
      ...get(R), ...eqz, ...brIf(1),
      ...rowBlock(1, accumulate),
      ...br(0),
      ...end, ...end,
    ]),
  ],
});

export const rowProductsFunction = rowProductsDefinition('rowProducts', true);
export const rowProductsSetFunction = rowProductsDefinition('rowProductsSet', false);
