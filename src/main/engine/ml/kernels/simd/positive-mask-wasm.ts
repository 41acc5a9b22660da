// The wasm function behind relu-grad.ts: dy where x > 0, else 0, four floats at a time.
import { op, type FunctionDefinition } from './wasm-encoding.ts';

export interface PositiveMask {
  /** out = dy where x > 0, else 0, over `groups` groups of four floats (byte addresses) */
  positiveMask(dy: number, x: number, groups: number, out: number): void;
}

const { get, set, tee, add, sub, loop, end, brIf, load, store, zero, f32x4Gt, v128And } = op;
const i32 = op.const;

export const positiveMaskFunction: FunctionDefinition = {
  name: 'positiveMask',
  params: 4, // dy, x, groups, out
  locals: 1, // byte offset
  body: [
    ...i32(0), ...set(4),
    ...loop,
    ...get(3), ...get(4), ...add,
    ...get(0), ...get(4), ...add, ...load,
    ...get(1), ...get(4), ...add, ...load, ...zero, ...f32x4Gt,
    ...v128And,
    ...store,
    ...get(4), ...i32(16), ...add, ...set(4),
    ...get(2), ...i32(1), ...sub, ...tee(2), ...brIf(0),
    ...end,
  ],
};
