// The wasm function behind conv/patch-products.ts: out[kc, Cout] += Σ_rows patch(row)ᵀ · dy(row)
// in 128-bit SIMD, where a row's patch is kc contiguous floats of the input and consecutive rows
// start rowStep bytes apart, so the input is read in place with no patch matrix, transpose or
// operand packing. Registers hold a PATCH_BLOCK × 4·CHANNEL_VECTORS block of the output while the
// rows stream through it; measured here, 4 × 8 (eight accumulators) beats 2 × 16, 3 × 16, 4 × 16,
// 6 × 8 and 4 × 4 (larger blocks spill V8's sixteen vector registers).
import { op, repeat, segmentLoop, type FunctionDefinition } from './wasm-encoding.ts';

export const PATCH_BLOCK = 4;
export const CHANNEL_VECTORS = 2;

export interface PatchProducts {
  /**
   * For `segments` runs of `perSegment` rows (run starts xSegmentStep bytes apart in x and
   * dySegmentStep in dy; within a run, patches start rowStep bytes apart and dy rows are Cout
   * floats apart): out[i][j] += Σ x[patch + i] · dy[row][j] for i < kc, j < Cout. kc must be a
   * multiple of PATCH_BLOCK and Cout of 4·CHANNEL_VECTORS; addresses and steps in bytes.
   */
  patchProducts(
    x: number, rowStep: number, xSegmentStep: number, segments: number, perSegment: number,
    dy: number, dySegmentStep: number, kc: number, cout: number, out: number,
  ): void;
  /** As patchProducts, one patch float at a time: for the kc % PATCH_BLOCK floats left over. */
  patchProductsSingle(
    x: number, rowStep: number, xSegmentStep: number, segments: number, perSegment: number,
    dy: number, dySegmentStep: number, kc: number, cout: number, out: number,
  ): void;
}

const { get, set, tee, add, sub, mul, shl, ltU, loop, end, brIf, f32x4Add, f32x4Mul, loadAt, storeAt, splatAt } = op;
const i32 = op.const;

// parameters
const X = 0, ROW_STEP = 1, X_SEG_STEP = 2, SEGMENTS = 3, PER_SEG = 4, DY = 5, DY_SEG_STEP = 6, KC = 7, COUT = 8, OUT = 9;
// i32 locals
const IB = 10, JB = 11, XP = 12, DP = 13, S = 14, W = 15, XS = 16, DS = 17, OP = 18, COUT_BYTES = 19;
/** The kernel with `block` patch floats × 4·CHANNEL_VECTORS channels held in registers. */
function patchProductsDefinition(name: string, block: number): FunctionDefinition {
  // v128 locals: accumulators, dy vectors of the row, the splatted patch float
  const ACC = 20;
  const B = ACC + block * CHANNEL_VECTORS;
  const A = B + CHANNEL_VECTORS;
  const acc = (i: number, j: number) => ACC + i * CHANNEL_VECTORS + j;
  /** action(i, j) for every register of the block. */
  const overBlock = (action: (i: number, j: number) => number[]) => repeat(block, (i) => repeat(CHANNEL_VECTORS, (j) => action(i, j)));
  /** Address of block row i: OP + i·Cout·4. */
  const blockRow = (i: number) => (i === 0 ? get(OP) : [...get(OP), ...get(COUT_BYTES), ...i32(i), ...mul, ...add]);
  const row: number[] = [
    ...repeat(CHANNEL_VECTORS, (j) => [...get(DP), ...loadAt(16 * j), ...set(B + j)]),
    ...repeat(block, (i) => [
      ...get(XP), ...splatAt(4 * i), ...set(A),
      ...repeat(CHANNEL_VECTORS, (j) => [...get(acc(i, j)), ...get(A), ...get(B + j), ...f32x4Mul, ...f32x4Add, ...set(acc(i, j))]),
    ]),
    ...get(XP), ...get(ROW_STEP), ...add, ...set(XP),
    ...get(DP), ...get(COUT_BYTES), ...add, ...set(DP),
  ];
  return {
    name,
    params: 10,
    locals: 10,
    vectors: block * CHANNEL_VECTORS + CHANNEL_VECTORS + 1,
    body: [
      ...get(COUT), ...i32(2), ...shl, ...set(COUT_BYTES),
      ...i32(0), ...set(IB),
      ...loop, // blocks of patch floats
      ...i32(0), ...set(JB),
      ...loop, // blocks of output channels
      ...get(OUT), ...get(IB), ...get(COUT_BYTES), ...mul, ...add, ...get(JB), ...i32(2), ...shl, ...add, ...set(OP),
      ...overBlock((i, j) => [...blockRow(i), ...loadAt(16 * j), ...set(acc(i, j))]),
      ...get(X), ...get(IB), ...i32(2), ...shl, ...add, ...set(XS),
      ...get(DY), ...get(JB), ...i32(2), ...shl, ...add, ...set(DS),
      ...segmentLoop(SEGMENTS, S, [{ base: XS, working: XP, step: X_SEG_STEP }, { base: DS, working: DP, step: DY_SEG_STEP }], [
        ...get(PER_SEG), ...set(W),
        ...loop, // rows
        ...row,
        ...get(W), ...i32(1), ...sub, ...tee(W), ...brIf(0),
        ...end,
      ]),
      ...overBlock((i, j) => [...blockRow(i), ...get(acc(i, j)), ...storeAt(16 * j)]),
      ...get(JB), ...i32(4 * CHANNEL_VECTORS), ...add, ...tee(JB), ...get(COUT), ...ltU, ...brIf(0),
      ...end,
      ...get(IB), ...i32(block), ...add, ...tee(IB), ...get(KC), ...ltU, ...brIf(0),
      ...end,
    ],
  };
}

export const patchProductsFunction = patchProductsDefinition('patchProducts', PATCH_BLOCK);
export const patchProductsSingleFunction = patchProductsDefinition('patchProductsSingle', 1);
