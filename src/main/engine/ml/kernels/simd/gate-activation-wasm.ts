// The wasm function behind the recurrent kernels' gates (kernels/recurrent/): the logistic
// function, or tanh as 2σ(2x) − 1, in place over strided rows, four floats at a time. exp runs
// as 2ⁿ·p(r) with n = round(y·log₂e), r = y − n·ln2 (ln2 split in two so n·ln2's high part is
// exact) and p the degree-7 Taylor polynomial (|r| ≤ ln2/2: error below 1e-8); V8's Math.exp
// and Math.tanh cost ~10 ns each, and a GRU2 step evaluates ~12 million of them.
import { op, unsignedLeb, type FunctionDefinition } from './wasm-encoding.ts';

export interface GateActivation {
  /**
   * For `rows` rows starting at x (byte address), rows `stride` bytes apart: the first rowBytes
   * bytes (a multiple of 16) of each row become σ(v), or tanh(v) where tanh ≠ 0, in place.
   */
  gateActivation(x: number, rowBytes: number, rows: number, stride: number, tanh: number): void;
}

const { get, set, tee, add, sub, ltU, loop, end, brIf, load, store, select, splatConst, f32x4Add, f32x4Sub, f32x4Mul, f32x4Div, f32x4Max, f32x4Neg } = op;
const i32 = op.const;
const simd = (code: number) => [0xfd, ...unsignedLeb(code)];
const f32x4Min = simd(0xe8);
const f32x4Nearest = simd(0x6a);
const i32x4TruncSatF32x4S = simd(0xf8);
const i32x4Add = simd(0xae);
const i32x4Shl = simd(0xab);
const i32x4Const = (value: number) => [0xfd, 0x0c, ...new Uint8Array(new Int32Array(4).fill(value).buffer)];

// parameters
const X = 0, ROW_BYTES = 1, ROWS = 2, STRIDE = 3, TANH = 4;
// i32 locals: the working pointer, the row's end
const P = 5, END = 6;
// v128 locals
const V = 7, N = 8, E = 9;

const LN2_HIGH = 0.693359375;
const LN2_LOW = Math.LN2 - LN2_HIGH;
/** 1/k! for k = 7 … 2: the Horner steps above the linear part */
const TAYLOR = [1 / 5040, 1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2];

/** e^y for y on the stack (clamped to float32's normal range), left on the stack. */
const exp = [
  ...splatConst(-87.3), ...f32x4Max, ...splatConst(88.3), ...f32x4Min, ...set(V),
  ...get(V), ...splatConst(Math.LOG2E), ...f32x4Mul, ...f32x4Nearest, ...set(N),
  ...get(V), ...get(N), ...splatConst(LN2_HIGH), ...f32x4Mul, ...f32x4Sub, ...get(N), ...splatConst(LN2_LOW), ...f32x4Mul, ...f32x4Sub, ...set(V),
  ...splatConst(TAYLOR[0]!),
  ...TAYLOR.slice(1).flatMap((c) => [...get(V), ...f32x4Mul, ...splatConst(c), ...f32x4Add]),
  ...get(V), ...f32x4Mul, ...splatConst(1), ...f32x4Add,
  ...get(V), ...f32x4Mul, ...splatConst(1), ...f32x4Add, ...set(E),
  // 2ⁿ from n's bits: (n + 127) << 23
  ...get(N), ...i32x4TruncSatF32x4S, ...i32x4Const(127), ...i32x4Add, ...i32(23), ...i32x4Shl,
  ...get(E), ...f32x4Mul,
];

export const gateActivationFunction: FunctionDefinition = {
  name: 'gateActivation',
  params: 5,
  locals: 2,
  vectors: 3,
  body: [
    ...loop, // rows
    ...get(X), ...tee(P), ...get(ROW_BYTES), ...add, ...set(END),
    ...loop, // four floats at a time
    ...get(P),
    // σ(s·v) with s = 2 for tanh
    ...splatConst(1),
    ...splatConst(1),
    ...get(P), ...load, ...splatConst(2), ...splatConst(1), ...get(TANH), ...select, ...f32x4Mul, ...f32x4Neg,
    ...exp,
    ...f32x4Add, ...f32x4Div, ...set(E),
    ...get(E), ...splatConst(2), ...f32x4Mul, ...splatConst(1), ...f32x4Sub, ...get(E), ...get(TANH), ...select,
    ...store,
    ...get(P), ...i32(16), ...add, ...tee(P), ...get(END), ...ltU, ...brIf(0),
    ...end,
    ...get(X), ...get(STRIDE), ...add, ...set(X),
    ...get(ROWS), ...i32(1), ...sub, ...tee(ROWS), ...brIf(0),
    ...end,
  ],
};
