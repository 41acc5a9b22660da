// The wasm function behind the flat Adam optimizer (train/flat-optimizer.ts): one pass over a
// weight tensor, its gradients and both moments, four floats at a time, in the operation order
// of TF.js's Adam (each f32x4 operation rounds as float32 does, so the results are the same bits).
// The new weights go to fresh memory: XNNPACK keeps packed copies of weights keyed by their
// tensor, so a weight changed in place would be stale there.
import { op, type FunctionDefinition } from './wasm-encoding.ts';

export interface AdamStep {
  /**
   * Over `groups` groups of four floats (byte addresses): m = β1·m + (1−β1)·g and
   * v = β2·v + (1−β2)·g² in place, out = −lr·(m/d1)/(√(v/d2) + ε) + w, with the eight constants
   * [β1, 1−β1, β2, 1−β2, d1, d2, ε, −lr] read from `constants`.
   */
  adamStep(w: number, g: number, m: number, v: number, groups: number, constants: number, out: number): void;
}

const { get, set, tee, add, sub, loop, end, brIf, load, store, splatAt, f32x4Add, f32x4Mul, f32x4Div, f32x4Sqrt } = op;
const i32 = op.const;

const OUT = 6;
const I = 7; // byte offset
const [B1, C1, B2, C2, D1, D2, EPS, NEG_LR, G, M, V] = Array.from({ length: 11 }, (_, k) => 8 + k);
/** address param + offset */
const at = (param: number) => [...get(param), ...get(I), ...add];

export const adamStepFunction: FunctionDefinition = {
  name: 'adamStep',
  params: 7, // w, g, m, v, groups, constants, out
  locals: 1,
  vectors: 11,
  body: [
    ...[B1, C1, B2, C2, D1, D2, EPS, NEG_LR].flatMap((local, k) => [...get(5), ...splatAt(4 * k), ...set(local)]),
    ...i32(0), ...set(I),
    ...loop,
    ...at(1), ...load, ...set(G),
    ...at(2),
    ...at(2), ...load, ...get(B1), ...f32x4Mul, ...get(G), ...get(C1), ...f32x4Mul, ...f32x4Add, ...tee(M),
    ...store,
    ...at(3),
    ...at(3), ...load, ...get(B2), ...f32x4Mul, ...get(G), ...get(G), ...f32x4Mul, ...get(C2), ...f32x4Mul, ...f32x4Add, ...tee(V),
    ...store,
    ...at(OUT),
    ...get(M), ...get(D1), ...f32x4Div,
    ...get(V), ...get(D2), ...f32x4Div, ...f32x4Sqrt, ...get(EPS), ...f32x4Add,
    ...f32x4Div, ...get(NEG_LR), ...f32x4Mul,
    ...at(0), ...load, ...f32x4Add,
    ...store,
    ...get(I), ...i32(16), ...add, ...set(I),
    ...get(4), ...i32(1), ...sub, ...tee(4), ...brIf(0),
    ...end,
  ],
};
