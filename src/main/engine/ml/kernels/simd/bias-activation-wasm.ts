// The wasm function behind fused convolutions' epilogue (fused-conv2d.ts): a bias per channel
// added in place, then optionally a ReLU, four floats at a time.
import { op, type FunctionDefinition } from './wasm-encoding.ts';

export interface BiasActivation {
  /**
   * y[r][c] = y[r][c] + bias[c] (where hasBias ≠ 0), then max(·, 0) where relu ≠ 0, over rows × C
   * floats (C a multiple of 4; byte addresses)
   */
  biasActivation(y: number, bias: number, hasBias: number, rows: number, channels: number, relu: number): void;
}

const { get, set, tee, add, sub, shl, ltU, loop, end, brIf, load, store, zero, select, f32x4Add, f32x4Max } = op;
const i32 = op.const;

// parameters
const Y = 0, BIAS = 1, HAS_BIAS = 2, ROWS = 3, CHANNELS = 4, RELU = 5;
// locals: byte offset within the row, row bytes; one v128
const C = 6, ROW_BYTES = 7, SUM = 8;

export const biasActivationFunction: FunctionDefinition = {
  name: 'biasActivation',
  params: 6,
  locals: 2,
  vectors: 1,
  body: [
    ...get(CHANNELS), ...i32(2), ...shl, ...set(ROW_BYTES),
    ...loop, // rows
    ...i32(0), ...set(C),
    ...loop, // groups of four channels
    ...get(Y), ...get(C), ...add,
    ...get(Y), ...get(C), ...add, ...load, ...get(BIAS), ...get(C), ...add, ...load, ...zero, ...get(HAS_BIAS), ...select, ...f32x4Add, ...set(SUM),
    ...get(SUM), ...zero, ...f32x4Max, ...get(SUM), ...get(RELU), ...select,
    ...store,
    ...get(C), ...i32(16), ...add, ...tee(C), ...get(ROW_BYTES), ...ltU, ...brIf(0),
    ...end,
    ...get(Y), ...get(ROW_BYTES), ...add, ...set(Y),
    ...get(ROWS), ...i32(1), ...sub, ...tee(ROWS), ...brIf(0),
    ...end,
  ],
};
