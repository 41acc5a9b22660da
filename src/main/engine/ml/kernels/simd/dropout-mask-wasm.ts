// The wasm function behind the dropout-mask kernel (dropout-mask.ts): the same xoshiro128**
// draws and keep test as models/dropout-mask.ts's JavaScript loop, written straight into the
// backend's memory, so a mask costs neither the JavaScript loop nor a copy into the heap.
import { op, type FunctionDefinition } from './wasm-encoding.ts';

export interface DropoutMaskFill {
  /**
   * `count` floats at `out` (byte address): scale where the next xoshiro128** draw from state
   * (a, b, c, d) is ≤ keepAtMost (unsigned), else 0; scaleBits is the float32 scale's bits.
   */
  dropoutMaskFill(out: number, count: number, a: number, b: number, c: number, d: number, keepAtMost: number, scaleBits: number): void;
}

const { get, set, tee, add, sub, mul, shl, loop, end, brIf, select, f32Store } = op;
const i32 = op.const;
const xor = [0x73];
const rotl = [0x77];
const leU = [0x4d];
const f32Reinterpret = [0xbe];
const f32Zero = [0x43, 0, 0, 0, 0];

// parameters
const OUT = 0, COUNT = 1, A = 2, B = 3, C = 4, D = 5, KEEP_AT_MOST = 6, SCALE_BITS = 7;
// locals: the draw, b << 9
const DRAW = 8, T = 9;

export const dropoutMaskFillFunction: FunctionDefinition = {
  name: 'dropoutMaskFill',
  params: 8,
  locals: 2,
  body: [
    ...loop,
    // draw = rotl(b · 5, 7) · 9, then the state steps on
    ...get(B), ...i32(5), ...mul, ...i32(7), ...rotl, ...i32(9), ...mul, ...set(DRAW),
    ...get(B), ...i32(9), ...shl, ...set(T),
    ...get(C), ...get(A), ...xor, ...set(C),
    ...get(D), ...get(B), ...xor, ...set(D),
    ...get(B), ...get(C), ...xor, ...set(B),
    ...get(A), ...get(D), ...xor, ...set(A),
    ...get(C), ...get(T), ...xor, ...set(C),
    ...get(D), ...i32(11), ...rotl, ...set(D),
    ...get(OUT),
    ...get(SCALE_BITS), ...f32Reinterpret, ...f32Zero, ...get(DRAW), ...get(KEEP_AT_MOST), ...leU, ...select,
    ...f32Store,
    ...get(OUT), ...i32(4), ...add, ...set(OUT),
    ...get(COUNT), ...i32(1), ...sub, ...tee(COUNT), ...brIf(0),
    ...end,
  ],
};
