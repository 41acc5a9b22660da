// Our 128-bit wasm SIMD kernels in one module: per-channel passes of batch-norm training and of
// sums over leading axes, the
// transpose that lays a convolution input on its grid, the patch products and rows of the
// convolutions, the Winograd transforms, the ReLU gradient, the Adam update, batched matrix
// products with strided operands, the band-matrix products of graph layers, and the bias and
// ReLU of fused convolutions, the gates of recurrent layers, the ConvNet block's instance norm,
// ReLU and pooling. They run
// directly on the wasm backend's own memory (the module imports it), so tensors are read and
// written in place; JS loops over the same data are 2–10× slower. The per-channel passes need the channels in groups of four.
import { adamStepFunction, type AdamStep } from './adam-wasm.ts';
import { biasActivationFunction, type BiasActivation } from './bias-activation-wasm.ts';
import { gateActivationFunction, type GateActivation } from './gate-activation-wasm.ts';
import { bandMatMulFunction, bandOuterFunction, type BandKernels } from './band-wasm.ts';
import { patchProductsFunction, patchProductsSingleFunction, type PatchProducts } from './patch-products-wasm.ts';
import { normReluPoolFunctions, type NormReluPoolKernels } from './norm-relu-pool-wasm.ts';
import { positiveMaskFunction, type PositiveMask } from './positive-mask-wasm.ts';
import { rowProductsFunction, rowProductsSetFunction, type RowProducts } from './row-products-wasm.ts';
import { stridedProductsFunction, type StridedProducts } from './strided-products-wasm.ts';
import { moduleBytes, op, type FunctionDefinition } from './wasm-encoding.ts';
import { winogradFunctions, type WinogradTransforms } from './winograd-wasm.ts';
import type { WasmBackend } from '../heap/wasm-heap.ts';

export interface SimdKernels extends PatchProducts, RowProducts, PositiveMask, AdamStep, WinogradTransforms, StridedProducts, BandKernels, BiasActivation, GateActivation, NormReluPoolKernels {
  /** y = x·scale[c] + shift[c] over rows × C floats (byte addresses) */
  affine(x: number, scale: number, shift: number, rows: number, channels: number, y: number): void;
  /** out = k[c]·dy + slope[c]·x + offset[c] */
  affine2(dy: number, x: number, k: number, slope: number, offset: number, rows: number, channels: number, out: number): void;
  /**
   * for each block of `block` rows: out[block][0..C) = Σ(a − shiftA), out[block][C..2C) =
   * Σ(a − shiftA)·(b − shiftB), in float32 (shifts per channel, C floats each)
   */
  blockSums(a: number, b: number, rows: number, channels: number, block: number, out: number, shiftA: number, shiftB: number): void;
  /** for each block of `block` rows of x (C floats each): out[block][c] = Σ x[row][c], in float32 */
  columnSums(x: number, rows: number, channels: number, block: number, out: number): void;
  /** dst[c·dstStride/4 + w] = src[w·srcStride/4 + c] for W rows of C channels (scalar: a gather, not SIMD) */
  transpose(src: number, dst: number, width: number, channels: number, dstStrideBytes: number, srcStrideBytes: number): void;
}

const { get, set, tee, add, sub, shl, ltU, ltS, select, loop, end, brIf, load, store, zero, f32x4Add, f32x4Sub, f32x4Mul } = op;
const i32 = op.const;

/** c += 16 bytes, and loop again while c < cb. */
const nextGroup = (c: number, cb: number) => [...get(c), ...i32(16), ...add, ...tee(c), ...get(cb), ...ltU, ...brIf(0)];
/** address param + c */
const at = (param: number, c: number) => [...get(param), ...get(c), ...add];

/**
 * `count` rows: per row, `group` for every 16-byte channel group (offset in local c, row bytes in
 * local cb), then every pointer in `pointers` moves on by one row. Counts the count local down.
 */
function overRows(count: number, c: number, cb: number, pointers: number[], group: number[]): number[] {
  return [
    ...loop,
    ...i32(0), ...set(c),
    ...loop, ...group, ...nextGroup(c, cb), ...end,
    ...pointers.flatMap((p) => [...get(p), ...get(cb), ...add, ...set(p)]),
    ...get(count), ...i32(1), ...sub, ...tee(count), ...brIf(0),
    ...end,
  ];
}

const affine: FunctionDefinition = {
  name: 'affine',
  params: 6, // x, scale, shift, rows, C, y
  locals: 2, // c, cb
  body: [
    ...get(4), ...i32(2), ...shl, ...set(7),
    ...overRows(3, 6, 7, [0, 5], [
      ...at(5, 6),
      ...at(0, 6), ...load, ...at(1, 6), ...load, ...f32x4Mul, ...at(2, 6), ...load, ...f32x4Add,
      ...store,
    ]),
  ],
};

const affine2: FunctionDefinition = {
  name: 'affine2',
  params: 8, // dy, x, k, slope, offset, rows, C, out
  locals: 2, // c, cb
  body: [
    ...get(6), ...i32(2), ...shl, ...set(9),
    ...overRows(5, 8, 9, [0, 1, 7], [
      ...at(7, 8),
      ...at(2, 8), ...load, ...at(0, 8), ...load, ...f32x4Mul,
      ...at(3, 8), ...load, ...at(1, 8), ...load, ...f32x4Mul,
      ...f32x4Add,
      ...at(4, 8), ...load, ...f32x4Add,
      ...store,
    ]),
  ],
};

/** out + cb + c */
const upper = [...get(5), ...get(9), ...add, ...get(8), ...add];
/** the four floats at param + c less the shift at shift + c */
const shifted = (param: number, shift: number) => [...at(param, 8), ...load, ...at(shift, 8), ...load, ...f32x4Sub];

const blockSums: FunctionDefinition = {
  name: 'blockSums',
  params: 8, // a, b, rows, C, block, out, shiftA, shiftB
  locals: 3, // c, cb, n
  body: [
    ...get(3), ...i32(2), ...shl, ...set(9),
    ...loop, // blocks
    // n = min(block, rows)
    ...get(4), ...get(2), ...get(4), ...get(2), ...ltS, ...select, ...set(10),
    ...get(2), ...get(10), ...sub, ...set(2),
    ...i32(0), ...set(8),
    ...loop, // zero the block's sums
    ...at(5, 8), ...zero, ...store,
    ...upper, ...zero, ...store,
    ...nextGroup(8, 9),
    ...end,
    ...overRows(10, 8, 9, [0, 1], [
      ...at(5, 8), ...at(5, 8), ...load, ...shifted(0, 6), ...f32x4Add, ...store,
      ...upper, ...upper, ...load, ...shifted(0, 6), ...shifted(1, 7), ...f32x4Mul, ...f32x4Add, ...store,
    ]),
    ...get(5), ...get(9), ...add, ...get(9), ...add, ...set(5),
    ...get(2), ...brIf(0),
    ...end,
  ],
};

const columnSums: FunctionDefinition = {
  name: 'columnSums',
  params: 5, // x, rows, C, block, out
  locals: 3, // c, cb, n
  body: [
    ...get(2), ...i32(2), ...shl, ...set(6),
    ...loop, // blocks
    // n = min(block, rows)
    ...get(3), ...get(1), ...get(3), ...get(1), ...ltS, ...select, ...set(7),
    ...get(1), ...get(7), ...sub, ...set(1),
    ...i32(0), ...set(5),
    ...loop, // zero the block's sums
    ...at(4, 5), ...zero, ...store,
    ...nextGroup(5, 6),
    ...end,
    ...overRows(7, 5, 6, [0], [...at(4, 5), ...at(4, 5), ...load, ...at(0, 5), ...load, ...f32x4Add, ...store]),
    ...get(4), ...get(6), ...add, ...set(4),
    ...get(1), ...brIf(0),
    ...end,
  ],
};

const transpose: FunctionDefinition = {
  name: 'transpose',
  params: 6, // src, dst, W, C, dstStride, srcStride
  locals: 5, // c (bytes), w, s, d, cb
  body: [
    ...get(3), ...i32(2), ...shl, ...set(10),
    ...i32(0), ...set(6),
    ...loop, // channels
    ...get(0), ...get(6), ...add, ...set(8),
    ...get(1), ...set(9),
    ...get(2), ...set(7),
    ...loop, // columns
    ...get(9), ...get(8), ...op.f32Load, ...op.f32Store,
    ...get(8), ...get(5), ...add, ...set(8),
    ...get(9), ...i32(4), ...add, ...set(9),
    ...get(7), ...i32(1), ...sub, ...tee(7), ...brIf(0),
    ...end,
    ...get(1), ...get(4), ...add, ...set(1),
    ...get(6), ...i32(4), ...add, ...tee(6), ...get(10), ...ltU, ...brIf(0),
    ...end,
  ],
};

let compiled: WebAssembly.Module | null | undefined;
const instances = new WeakMap<object, SimdKernels | null>();

/** The kernels bound to this backend's memory; null where wasm SIMD or the memory is unavailable. */
export function simdKernels(backend: WasmBackend): SimdKernels | null {
  const wasm = (backend as unknown as { wasm?: { asm?: { memory?: unknown } } }).wasm;
  if (!wasm) return null;
  if (instances.has(wasm)) return instances.get(wasm)!;
  let kernels: SimdKernels | null = null;
  const memory = wasm.asm?.memory;
  if (memory instanceof WebAssembly.Memory) {
    try {
      if (compiled === undefined) compiled = new WebAssembly.Module(moduleBytes([affine, affine2, blockSums, columnSums, transpose, patchProductsFunction, patchProductsSingleFunction, rowProductsFunction, rowProductsSetFunction, positiveMaskFunction, adamStepFunction, ...winogradFunctions, stridedProductsFunction, bandMatMulFunction, bandOuterFunction, biasActivationFunction, gateActivationFunction, ...normReluPoolFunctions]));
      if (compiled) kernels = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as SimdKernels;
    } catch {
      // No SIMD in this engine: the JS loops do the work.
      compiled = null;
    }
  }
  instances.set(wasm, kernels);
  return kernels;
}
