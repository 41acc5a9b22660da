// The wasm functions behind band-mat-mul.ts, in 128-bit SIMD over the features:
//   bandMatMul: out[t] = Σ_o coefficient(t, o)·x[t + o] over the rows t + o inside the graph; the
//     coefficients of a row are one run through the band, 4 bytes apart (P) or a band row less
//     4 bytes apart (Pᵀ: entry (t + o, h − o)). Features in blocks of 16 with four accumulators,
//     then groups of 4.
//   bandOuter: out[t][o + h] = ⟨a[t], c[t + o]⟩, zero where t + o is outside the graph.
// Features must come in groups of four (the kernels' callers take other widths in JS).
import { op, repeat, type FunctionDefinition } from './wasm-encoding.ts';

export interface BandKernels {
  /** addresses and strides in bytes; `batches` ≥ 1, nodes ≥ 1 */
  bandMatMul(
    band: number, x: number, batches: number, nodes: number, halfWidth: number, bandRowBytes: number,
    featureBytes: number, coefficientStepBytes: number, out: number, blockEndBytes: number,
  ): void;
  bandOuter(a: number, c: number, batches: number, nodes: number, halfWidth: number, width: number, featureBytes: number, out: number, blockEndBytes: number): void;
}

const { get, set, tee, add, sub, mul, shl, ltS, ltU, eqz, select, block, loop, end, brIf, load, store, loadAt, storeAt, splatAt, zero, f32x4Add, f32x4Mul, f32Store } = op;
const i32 = op.const;
const ifFloat = [0x04, 0x7d];
const elseBranch = op.else;
const f32Zero = [0x43, 0, 0, 0, 0];
const f32Add = [0x92];
const extractLane = (lane: number) => [0xfd, 0x1f, lane];

/** Bytes of features per block of four accumulators. */
const BLOCK_BYTES = 64;

/** min(a, b) of two i32 locals, on the stack */
const minOf = (a: number, b: number) => [...get(a), ...get(b), ...get(a), ...get(b), ...ltS, ...select];

// bandMatMul parameters
const BAND = 0, X = 1, BATCHES = 2, N = 3, H = 4, BAND_ROW = 5, FB = 6, CSTEP = 7, OUT = 8, BLOCK_END = 9;
// i32 locals
const T = 10, LO = 11, COUNT = 12, CSTART = 13, XSTART = 14, ORow = 15, C = 16, CP = 17, XP = 18, K = 19, BAND_R = 20, X_ROW = 21, TMP = 22;
// v128 locals
const ACC = 23, S = ACC + 4;

/** acc[0 … vectors) += coefficient · x over the rows of this output row, features from byte c. */
function accumulate(vectors: number): number[] {
  return [
    ...get(CSTART), ...set(CP),
    ...get(XSTART), ...get(C), ...add, ...set(XP),
    ...get(COUNT), ...set(K),
    ...loop,
    ...get(CP), ...splatAt(0), ...set(S),
    ...repeat(vectors, (v) => [...get(ACC + v), ...get(S), ...get(XP), ...loadAt(16 * v), ...f32x4Mul, ...f32x4Add, ...set(ACC + v)]),
    ...get(CP), ...get(CSTEP), ...add, ...set(CP),
    ...get(XP), ...get(FB), ...add, ...set(XP),
    ...get(K), ...i32(1), ...sub, ...tee(K), ...brIf(0),
    ...end,
  ];
}

export const bandMatMulFunction: FunctionDefinition = {
  name: 'bandMatMul',
  params: 10,
  locals: 13,
  vectors: 5,
  body: [
    ...get(BAND), ...set(BAND_R), ...get(X), ...set(X_ROW), ...get(OUT), ...set(ORow),
    ...loop, // batches
    ...i32(0), ...set(T),
    ...loop, // rows
    // o runs from lo = −min(h, t) to min(h, N − 1 − t)
    ...i32(0), ...minOf(H, T), ...sub, ...set(LO),
    ...get(N), ...i32(1), ...sub, ...get(T), ...sub, ...set(TMP),
    ...minOf(H, TMP), ...get(LO), ...sub, ...i32(1), ...add, ...set(COUNT),
    ...get(BAND_R), ...get(H), ...i32(2), ...shl, ...add, ...get(LO), ...get(CSTEP), ...mul, ...add, ...set(CSTART),
    ...get(X_ROW), ...get(LO), ...get(FB), ...mul, ...add, ...set(XSTART),
    ...i32(0), ...set(C),
    ...block, // blocks of 16 features
    ...get(BLOCK_END), ...eqz, ...brIf(0),
    ...loop,
    ...repeat(4, (v) => [...zero, ...set(ACC + v)]),
    ...accumulate(4),
    ...repeat(4, (v) => [...get(ORow), ...get(C), ...add, ...get(ACC + v), ...storeAt(16 * v)]),
    ...get(C), ...i32(BLOCK_BYTES), ...add, ...tee(C), ...get(BLOCK_END), ...ltU, ...brIf(0),
    ...end,
    ...end,
    ...block, // groups of 4 features left over
    ...get(C), ...get(FB), ...ltU, ...eqz, ...brIf(0),
    ...loop,
    ...zero, ...set(ACC),
    ...accumulate(1),
    ...get(ORow), ...get(C), ...add, ...get(ACC), ...store,
    ...get(C), ...i32(16), ...add, ...tee(C), ...get(FB), ...ltU, ...brIf(0),
    ...end,
    ...end,
    ...get(BAND_R), ...get(BAND_ROW), ...add, ...set(BAND_R),
    ...get(X_ROW), ...get(FB), ...add, ...set(X_ROW),
    ...get(ORow), ...get(FB), ...add, ...set(ORow),
    ...get(T), ...i32(1), ...add, ...tee(T), ...get(N), ...ltS, ...brIf(0),
    ...end,
    ...get(BATCHES), ...i32(1), ...sub, ...tee(BATCHES), ...brIf(0),
    ...end,
  ],
};

// bandOuter parameters
const A = 0, CIN = 1, OB = 2, ON = 3, OH = 4, OW = 5, OFB = 6, OOUT = 7, OBLOCK_END = 8;
// i32 locals
const OT = 9, U = 10, J = 11, AROW = 12, CBASE = 13, AP = 14, CPTR = 15, OK = 16, OPTR = 17;
// v128 locals
const OACC = 18;

/** ⟨a[t], c[u]⟩ as an f32 on the stack. */
const dot = [
  ...repeat(4, (v) => [...zero, ...set(OACC + v)]),
  ...get(AROW), ...set(AP),
  ...get(CBASE), ...get(U), ...get(OFB), ...mul, ...add, ...set(CPTR),
  ...i32(0), ...set(OK),
  ...block,
  ...get(OBLOCK_END), ...eqz, ...brIf(0),
  ...loop,
  ...repeat(4, (v) => [...get(OACC + v), ...get(AP), ...loadAt(16 * v), ...get(CPTR), ...loadAt(16 * v), ...f32x4Mul, ...f32x4Add, ...set(OACC + v)]),
  ...get(AP), ...i32(BLOCK_BYTES), ...add, ...set(AP),
  ...get(CPTR), ...i32(BLOCK_BYTES), ...add, ...set(CPTR),
  ...get(OK), ...i32(BLOCK_BYTES), ...add, ...tee(OK), ...get(OBLOCK_END), ...ltU, ...brIf(0),
  ...end,
  ...end,
  ...block,
  ...get(OK), ...get(OFB), ...ltU, ...eqz, ...brIf(0),
  ...loop,
  ...get(OACC), ...get(AP), ...load, ...get(CPTR), ...load, ...f32x4Mul, ...f32x4Add, ...set(OACC),
  ...get(AP), ...i32(16), ...add, ...set(AP),
  ...get(CPTR), ...i32(16), ...add, ...set(CPTR),
  ...get(OK), ...i32(16), ...add, ...tee(OK), ...get(OFB), ...ltU, ...brIf(0),
  ...end,
  ...end,
  ...get(OACC), ...get(OACC + 1), ...f32x4Add, ...get(OACC + 2), ...get(OACC + 3), ...f32x4Add, ...f32x4Add, ...set(OACC),
  ...get(OACC), ...extractLane(0), ...get(OACC), ...extractLane(1), ...f32Add,
  ...get(OACC), ...extractLane(2), ...f32Add, ...get(OACC), ...extractLane(3), ...f32Add,
];

export const bandOuterFunction: FunctionDefinition = {
  name: 'bandOuter',
  params: 9,
  locals: 9,
  vectors: 4,
  body: [
    ...get(A), ...set(AROW), ...get(CIN), ...set(CBASE), ...get(OOUT), ...set(OPTR),
    ...loop, // batches
    ...i32(0), ...set(OT),
    ...loop, // rows
    ...get(OT), ...get(OH), ...sub, ...set(U),
    ...get(OW), ...set(J),
    ...loop, // offsets
    ...get(OPTR),
    ...get(U), ...get(ON), ...ltU, // 0 ≤ u < N, unsigned
    ...ifFloat, ...dot, ...elseBranch, ...f32Zero, ...end,
    ...f32Store,
    ...get(OPTR), ...i32(4), ...add, ...set(OPTR),
    ...get(U), ...i32(1), ...add, ...set(U),
    ...get(J), ...i32(1), ...sub, ...tee(J), ...brIf(0),
    ...end,
    ...get(AROW), ...get(OFB), ...add, ...set(AROW),
    ...get(OT), ...i32(1), ...add, ...tee(OT), ...get(ON), ...ltS, ...brIf(0),
    ...end,
    ...get(CBASE), ...get(ON), ...get(OFB), ...mul, ...add, ...set(CBASE),
    ...get(OB), ...i32(1), ...sub, ...tee(OB), ...brIf(0),
    ...end,
  ],
};
