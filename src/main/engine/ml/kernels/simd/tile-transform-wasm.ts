// Emitted wasm functions that apply a constant matrix along one axis of channels-last tiles:
// out[tile][i][c] = Σ_j T[i][j] · in[tile][j][c], four channels at a time, with the matrix's
// entries baked into the code (±1 as adds and subtracts, zeros skipped). The Winograd
// convolutions (conv/winograd.ts) use them for their data, filter and output transforms.
// A windowed variant takes [lo, hi): on the loading side, elements outside read as zero
// (a tile that overhangs the padding); on the storing side, they are not written (a tile that
// overhangs the end of the output). A tile's elements are all loaded before any is stored, so
// a transform may run in place when both sides have the same element step.
import { op, repeat, segmentLoop, type FunctionDefinition } from './wasm-encoding.ts';

export interface TileTransformArgs {
  /**
   * For `segments` runs of `perSegment` tiles: tile elements are `elementStep` bytes apart, tiles
   * `tileStep`, runs `segmentStep` (separately for in and out); `channels` floats per element, a
   * multiple of four. Addresses and steps in bytes.
   */
  (
    input: number, inElementStep: number, inTileStep: number, inSegmentStep: number, segments: number, perSegment: number,
    channels: number, out: number, outElementStep: number, outTileStep: number, outSegmentStep: number,
  ): void;
}

export interface WindowedTileTransformArgs {
  /** As TileTransformArgs, with elements only in [lo, hi) on the windowed side. */
  (
    input: number, inElementStep: number, inTileStep: number, inSegmentStep: number, segments: number, perSegment: number,
    channels: number, out: number, outElementStep: number, outTileStep: number, outSegmentStep: number, lo: number, hi: number,
  ): void;
}

const { get, set, tee, add, sub, shl, ltU, ltS, leS, and, loop, end, brIf, load, store, zero, f32x4Add, f32x4Sub, f32x4Mul, f32x4Neg } = op;
const i32 = op.const;

// parameters
const IN = 0, IN_ELEM = 1, IN_TILE = 2, IN_SEG = 3, SEGMENTS = 4, PER_SEG = 5, CHANNELS = 6, OUT = 7, OUT_ELEM = 8, OUT_TILE = 9, OUT_SEG = 10;
const LO = 11, HI = 12;

/** Whether constant element index k lies in [LO, HI). */
const inWindow = (k: number) => [...get(LO), ...i32(k), ...leS, ...i32(k), ...get(HI), ...ltS, ...and];

export function tileTransformFunction(name: string, matrix: readonly (readonly number[])[], window: 'none' | 'loads' | 'stores' = 'none'): FunctionDefinition {
  const rows = matrix.length;
  const cols = matrix[0]!.length;
  const params = window === 'none' ? 11 : 13;
  // i32 locals
  const CB = params, C = CB + 1, S = C + 1, R = S + 1, IP = R + 1, OP = IP + 1;
  const IN_OFF = OP + 1; // j · IN_ELEM, one per input element
  const OUT_OFF = IN_OFF + cols; // i · OUT_ELEM, one per output element
  const i32Locals = OUT_OFF + rows - params;
  // v128 locals: the loaded elements, then the constants other than ±1
  const V = params + i32Locals;
  const constants = [...new Set(matrix.flat().map(Math.abs).filter((v) => v !== 0 && v !== 1))];
  const K = V + cols;
  const constant = (v: number) => K + constants.indexOf(Math.abs(v));

  const elementAddress = (pointer: number, offset: number, k: number) => [...get(pointer), ...get(C), ...add, ...(k === 0 ? [] : [...get(offset + k), ...add])];
  const loadElement = (j: number) => {
    const read = [...elementAddress(IP, IN_OFF, j), ...load];
    return window === 'loads' ? [...inWindow(j), ...op.ifVector, ...read, ...op.else, ...zero, ...end, ...set(V + j)] : [...read, ...set(V + j)];
  };
  const term = (j: number, v: number, first: boolean) => {
    const scaled = Math.abs(v) === 1 ? get(V + j) : [...get(V + j), ...get(constant(v)), ...f32x4Mul];
    if (first) return v < 0 ? [...scaled, ...f32x4Neg] : scaled;
    return [...scaled, ...(v < 0 ? f32x4Sub : f32x4Add)];
  };
  const storeElement = (i: number) => {
    // a positive term first, so a row rarely needs a negation
    const terms = matrix[i]!.map((v, j) => ({ v, j })).filter((t) => t.v !== 0).sort((a, b) => Number(a.v < 0) - Number(b.v < 0));
    const value = terms.length === 0 ? zero : terms.flatMap((t, n) => term(t.j, t.v, n === 0));
    const write = [...elementAddress(OP, OUT_OFF, i), ...value, ...store];
    return window === 'stores' ? [...inWindow(i), ...op.if, ...write, ...end] : write;
  };

  return {
    name,
    params,
    locals: i32Locals,
    vectors: cols + constants.length,
    body: [
      ...get(CHANNELS), ...i32(2), ...shl, ...set(CB),
      ...repeat(cols, (j) => (j === 0 ? [] : [...get(IN_ELEM), ...i32(j), ...op.mul, ...set(IN_OFF + j)])),
      ...repeat(rows, (i) => (i === 0 ? [] : [...get(OUT_ELEM), ...i32(i), ...op.mul, ...set(OUT_OFF + i)])),
      ...constants.flatMap((v) => [...op.splatConst(v), ...set(constant(v))]),
      ...segmentLoop(SEGMENTS, S, [{ base: IN, working: IP, step: IN_SEG }, { base: OUT, working: OP, step: OUT_SEG }], [
        ...get(PER_SEG), ...set(R),
        ...loop, // tiles
        ...i32(0), ...set(C),
        ...loop, // groups of four channels
        ...repeat(cols, loadElement),
        ...repeat(rows, storeElement),
        ...get(C), ...i32(16), ...add, ...tee(C), ...get(CB), ...ltU, ...brIf(0),
        ...end,
        ...get(IP), ...get(IN_TILE), ...add, ...set(IP),
        ...get(OP), ...get(OUT_TILE), ...add, ...set(OP),
        ...get(R), ...i32(1), ...sub, ...tee(R), ...brIf(0),
        ...end,
      ]),
    ],
  };
}
