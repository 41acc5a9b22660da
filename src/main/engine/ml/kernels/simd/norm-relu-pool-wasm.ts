// The wasm functions behind the fused instance norm → ReLU → average pooling by 2 (kernels/
// norm-relu-pool.ts) on channels-last [n, L, C]: each lane is one channel, so the statistics over
// time are plain vector sums down a column of rows. A block of `width` groups of four channels
// is carried through each pass in locals (one cache line of x per row at width 4).
//
// Statistics in float32, made accurate by their order: the mean sums x − x[0] (values near zero),
// the variance sums (x − mean)², so neither cancels; over L = 128, with means up to 900 standard
// deviations, they stay within 1e-7 (mean) and 1e-6 (1/σ) of float64 sums
// (test/unit/engine/ml/kernels/norm-relu-pool.test.ts).
import { INSTANCE_NORM_EPSILON } from '../../models/norm-relu-pool.ts';
import { op, repeat, type FunctionDefinition } from './wasm-encoding.ts';

export interface NormReluPoolKernels {
  /**
   * Per sample and channel of `blocks` blocks of 4·width channels: mean and 1/√(σ² + ε) over
   * time into mean and invStd ([n, C]), y[t] = (relu(z[2t]) + relu(z[2t+1]))/2 into y
   * ([n, ⌊L/2⌋, C]). Byte addresses of the first channel of the block; rowBytes = 4·C.
   */
  normReluPoolForward1(x: number, y: number, mean: number, invStd: number, samples: number, length: number, rowBytes: number, blocks: number): void;
  normReluPoolForward4(x: number, y: number, mean: number, invStd: number, samples: number, length: number, rowBytes: number, blocks: number): void;
  /** dx from dy, x and the forward's statistics: r·(g − mean_t g − z·mean_t(g·z)), g = dy/2 where z > 0 */
  normReluPoolBackward1(dy: number, x: number, mean: number, invStd: number, dx: number, samples: number, length: number, rowBytes: number, blocks: number): void;
  normReluPoolBackward2(dy: number, x: number, mean: number, invStd: number, dx: number, samples: number, length: number, rowBytes: number, blocks: number): void;
}

/** Groups of four channels per block, forward and backward, besides the single-group tail (widths 1–4 timed alike). */
export const FORWARD_WIDTH = 4;
export const BACKWARD_WIDTH = 2;

const { get, set, tee, add, sub, mul, shrS, and, ltU, loop, end, brIf, loadAt, storeAt, zero, splatConst, splatInteger } = op;
const { f32x4Add, f32x4Sub, f32x4Mul, f32x4Div, f32x4Sqrt, f32x4Max, f32x4Gt, v128And } = op;
const i32 = op.const;

/** local ← local + the i32 that `step` leaves */
const advance = (local: number, step: number[]) => [...get(local), ...step, ...add, ...set(local)];
/** counter ← counter − 1, loop again while it is not 0 */
const countDown = (counter: number) => [...get(counter), ...i32(1), ...sub, ...tee(counter), ...brIf(0)];
/** the four floats at pointer + 16g */
const lane = (pointer: number, g: number) => [...get(pointer), ...loadAt(16 * g)];

/** half ← ⌊L/2⌋, blockEnd ← the blocks' bytes, lengths ← L in every lane */
const setup = (length: number, blocks: number, width: number, half: number, blockEnd: number, lengths: number) => [
  ...get(length), ...i32(1), ...shrS, ...set(half),
  ...get(blocks), ...i32(16 * width), ...mul, ...set(blockEnd),
  ...get(length), ...splatInteger, ...set(lengths),
];

function forward(width: number): FunctionDefinition {
  const [X, Y, MEAN, INV_STD, SAMPLES, LENGTH, ROW] = [0, 1, 2, 3, 4, 5, 6];
  const BLOCKS = 7;
  const [XS, YS, SS, B, P, Q, O, T, HALF, BLOCK_END] = Array.from({ length: 10 }, (_, k) => 8 + k);
  const vectorBase = 18;
  const LV = vectorBase;
  const M = (g: number) => vectorBase + 1 + g;
  const A = (g: number) => vectorBase + 1 + width + g;
  const TMP = vectorBase + 1 + 2 * width;
  return {
    name: `normReluPoolForward${width}`,
    params: 8,
    locals: 10,
    vectors: 2 + 2 * width,
    body: [
      ...setup(LENGTH, BLOCKS, width, HALF, BLOCK_END, LV),
      ...get(X), ...set(XS), ...get(Y), ...set(YS), ...i32(0), ...set(SS),
      ...loop, // samples
      ...i32(0), ...set(B),
      ...loop, // blocks
      // mean = x[0] + Σ(x − x[0])/L
      ...get(XS), ...get(B), ...add, ...set(P),
      ...repeat(width, (g) => [...lane(P, g), ...set(M(g)), ...zero, ...set(A(g))]),
      ...get(LENGTH), ...set(T),
      ...loop,
      ...repeat(width, (g) => [...get(A(g)), ...lane(P, g), ...get(M(g)), ...f32x4Sub, ...f32x4Add, ...set(A(g))]),
      ...advance(P, get(ROW)),
      ...countDown(T),
      ...end,
      ...repeat(width, (g) => [...get(M(g)), ...get(A(g)), ...get(LV), ...f32x4Div, ...f32x4Add, ...set(M(g)), ...zero, ...set(A(g))]),
      // 1/√(Σ(x − mean)²/L + ε)
      ...get(XS), ...get(B), ...add, ...set(P),
      ...get(LENGTH), ...set(T),
      ...loop,
      ...repeat(width, (g) => [...lane(P, g), ...get(M(g)), ...f32x4Sub, ...tee(TMP), ...get(TMP), ...f32x4Mul, ...get(A(g)), ...f32x4Add, ...set(A(g))]),
      ...advance(P, get(ROW)),
      ...countDown(T),
      ...end,
      ...get(MEAN), ...get(SS), ...add, ...get(B), ...add, ...set(O),
      ...get(INV_STD), ...get(SS), ...add, ...get(B), ...add, ...set(Q),
      ...repeat(width, (g) => [
        ...get(O), ...get(M(g)), ...storeAt(16 * g),
        ...splatConst(1), ...get(A(g)), ...get(LV), ...f32x4Div, ...splatConst(INSTANCE_NORM_EPSILON), ...f32x4Add, ...f32x4Sqrt, ...f32x4Div, ...tee(A(g)),
        ...set(TMP), ...get(Q), ...get(TMP), ...storeAt(16 * g),
        // relu(z) = r·relu(x − mean) as r > 0; the pool's ½ folded into r
        ...get(A(g)), ...splatConst(0.5), ...f32x4Mul, ...set(A(g)),
      ]),
      // y[t] = r/2·(relu(x[2t] − mean) + relu(x[2t+1] − mean)); an odd last step is not pooled
      ...get(HALF), ...op.if,
      ...get(XS), ...get(B), ...add, ...set(P),
      ...get(YS), ...get(B), ...add, ...set(O),
      ...get(HALF), ...set(T),
      ...loop,
      ...get(P), ...get(ROW), ...add, ...set(Q),
      ...repeat(width, (g) => [
        ...get(O),
        ...lane(P, g), ...get(M(g)), ...f32x4Sub, ...zero, ...f32x4Max,
        ...lane(Q, g), ...get(M(g)), ...f32x4Sub, ...zero, ...f32x4Max,
        ...f32x4Add, ...get(A(g)), ...f32x4Mul,
        ...storeAt(16 * g),
      ]),
      ...advance(P, [...get(ROW), ...get(ROW), ...add]),
      ...advance(O, get(ROW)),
      ...countDown(T),
      ...end,
      ...end,
      ...get(B), ...i32(16 * width), ...add, ...tee(B), ...get(BLOCK_END), ...ltU, ...brIf(0),
      ...end,
      ...advance(XS, [...get(LENGTH), ...get(ROW), ...mul]),
      ...advance(YS, [...get(HALF), ...get(ROW), ...mul]),
      ...advance(SS, get(ROW)),
      ...countDown(SAMPLES),
      ...end,
    ],
  };
}

function backward(width: number): FunctionDefinition {
  const [DY, X, MEAN, INV_STD, DX, SAMPLES, LENGTH, ROW, BLOCKS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [XS, DYS, DXS, SS, B, P, Q, P2, Q2, O, T, HALF, BLOCK_END] = Array.from({ length: 13 }, (_, k) => 9 + k);
  const vectorBase = 22;
  const LV = vectorBase;
  const M = (g: number) => vectorBase + 1 + g;
  const R = (g: number) => vectorBase + 1 + width + g;
  const S = (g: number) => vectorBase + 1 + 2 * width + g;
  const U = (g: number) => vectorBase + 1 + 3 * width + g;
  const [D, Z, G] = [vectorBase + 1 + 4 * width, vectorBase + 2 + 4 * width, vectorBase + 3 + 4 * width];
  /** g = D where z > 0 on the x row at `xRow`, stored to the dx row at `dxRow`, and summed */
  const gradientStep = (g: number, xRow: number, dxRow: number) => [
    ...lane(xRow, g), ...get(M(g)), ...f32x4Sub, ...get(R(g)), ...f32x4Mul, ...tee(Z),
    ...zero, ...f32x4Gt, ...get(D), ...v128And, ...set(G),
    ...get(dxRow), ...get(G), ...storeAt(16 * g),
    ...get(S(g)), ...get(G), ...f32x4Add, ...set(S(g)),
    ...get(U(g)), ...get(G), ...get(Z), ...f32x4Mul, ...f32x4Add, ...set(U(g)),
  ];
  const nextRow = [...advance(P, get(ROW)), ...advance(Q, get(ROW))];
  return {
    name: `normReluPoolBackward${width}`,
    params: 9,
    locals: 13,
    vectors: 4 + 4 * width,
    body: [
      ...setup(LENGTH, BLOCKS, width, HALF, BLOCK_END, LV),
      ...get(X), ...set(XS), ...get(DX), ...set(DXS), ...get(DY), ...set(DYS), ...i32(0), ...set(SS),
      ...loop, // samples
      ...i32(0), ...set(B),
      ...loop, // blocks
      ...get(MEAN), ...get(SS), ...add, ...get(B), ...add, ...set(P),
      ...get(INV_STD), ...get(SS), ...add, ...get(B), ...add, ...set(Q),
      ...repeat(width, (g) => [...lane(P, g), ...set(M(g)), ...lane(Q, g), ...set(R(g)), ...zero, ...set(S(g)), ...zero, ...set(U(g))]),
      ...get(XS), ...get(B), ...add, ...set(P),
      ...get(DXS), ...get(B), ...add, ...set(Q),
      // g into dx, and Σg, Σg·z
      ...get(HALF), ...op.if,
      ...get(DYS), ...get(B), ...add, ...set(O),
      ...get(HALF), ...set(T),
      ...loop,
      ...get(P), ...get(ROW), ...add, ...set(P2),
      ...get(Q), ...get(ROW), ...add, ...set(Q2),
      ...repeat(width, (g) => [...lane(O, g), ...splatConst(0.5), ...f32x4Mul, ...set(D), ...gradientStep(g, P, Q), ...gradientStep(g, P2, Q2)]),
      ...advance(P, [...get(ROW), ...get(ROW), ...add]),
      ...advance(Q, [...get(ROW), ...get(ROW), ...add]),
      ...advance(O, get(ROW)),
      ...countDown(T),
      ...end,
      ...end,
      // an unpooled odd last step has g = 0
      ...get(LENGTH), ...i32(1), ...and, ...op.if,
      ...repeat(width, (g) => [...get(Q), ...zero, ...storeAt(16 * g)]),
      ...end,
      ...repeat(width, (g) => [...get(S(g)), ...get(LV), ...f32x4Div, ...set(S(g)), ...get(U(g)), ...get(LV), ...f32x4Div, ...set(U(g))]),
      // dx = r·(g − mean g − z·mean(g·z))
      ...get(XS), ...get(B), ...add, ...set(P),
      ...get(DXS), ...get(B), ...add, ...set(Q),
      ...get(LENGTH), ...set(T),
      ...loop,
      ...repeat(width, (g) => [
        ...get(Q),
        ...get(Q), ...loadAt(16 * g), ...get(S(g)), ...f32x4Sub,
        ...lane(P, g), ...get(M(g)), ...f32x4Sub, ...get(R(g)), ...f32x4Mul, ...get(U(g)), ...f32x4Mul,
        ...f32x4Sub, ...get(R(g)), ...f32x4Mul,
        ...storeAt(16 * g),
      ]),
      ...nextRow,
      ...countDown(T),
      ...end,
      ...get(B), ...i32(16 * width), ...add, ...tee(B), ...get(BLOCK_END), ...ltU, ...brIf(0),
      ...end,
      ...advance(XS, [...get(LENGTH), ...get(ROW), ...mul]),
      ...advance(DXS, [...get(LENGTH), ...get(ROW), ...mul]),
      ...advance(DYS, [...get(HALF), ...get(ROW), ...mul]),
      ...advance(SS, get(ROW)),
      ...countDown(SAMPLES),
      ...end,
    ],
  };
}

export const normReluPoolFunctions: FunctionDefinition[] = [forward(1), forward(FORWARD_WIDTH), backward(1), backward(BACKWARD_WIDTH)];
