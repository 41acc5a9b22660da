// The wasm functions behind band-mat-mul.ts, in 128-bit SIMD over the features:
//   bandMatMul: out[t] = Σ_o coefficient(t, o)·x[t + o] + addend[t] over the rows t + o inside the
//     graph (no addend where its address is 0: GraphSAGE's root term joins in the same pass); the
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
    featureBytes: number, coefficientStepBytes: number, out: number, blockEndBytes: number, addend: number,
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
const BAND = 0, X = 1, BATCHES = 2, N = 3, H = 4, BAND_ROW = 5, FB = 6, CSTEP = 7, OUT = 8, BLOCK_END = 9, ADDEND = 10;
// i32 locals (DELTA: addend − out, the two share their layout)
const T = 11, LO = 12, COUNT = 13, CSTART = 14, XSTART = 15, ORow = 16, C = 17, CP = 18, XP = 19, K = 20, BAND_R = 21, X_ROW = 22, TMP = 23, DELTA = 24;
// v128 locals
const ACC = 25, S = ACC + 4;

/**
 * acc[v] += the addend's features from byte c + 16v of this row (zero without an addend). Added
 * after the neighbour sum, not before it: starting the sum from a large root term rounded each of
 * its 2h + 1 steps at that term's scale, and the batch norm after the layer magnified it (weight
 * gradients 10–20× further from float64 than the product and a separate Add).
 */
const addAddend = (v: number) => [
  ...get(ACC + v),
  ...get(ADDEND), ...eqz, ...op.ifVector, ...zero, ...op.else,
  ...get(ORow), ...get(C), ...add, ...get(DELTA), ...add, ...loadAt(16 * v),
  ...end, ...f32x4Add, ...set(ACC + v),
];

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
  params: 11,
  locals: 14,
  vectors: 5,
  body: [
    ...get(BAND), ...set(BAND_R), ...get(X), ...set(X_ROW), ...get(OUT), ...set(ORow),
    ...get(ADDEND), ...get(OUT), ...sub, ...set(DELTA),
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
    ...repeat(4, addAddend),
    ...repeat(4, (v) => [...get(ORow), ...get(C), ...add, ...get(ACC + v), ...storeAt(16 * v)]),
    ...get(C), ...i32(BLOCK_BYTES), ...add, ...tee(C), ...get(BLOCK_END), ...ltU, ...brIf(0),
    ...end,
    ...end,
    ...block, // groups of 4 features left over
    ...get(C), ...get(FB), ...ltU, ...eqz, ...brIf(0),
    ...loop,
    ...zero, ...set(ACC),
    ...accumulate(1),
    ...addAddend(0),
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
