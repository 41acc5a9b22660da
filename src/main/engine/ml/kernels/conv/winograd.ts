// Convolutions with three taps along the width, stride 1, whose filter rows span the input's
// height (one output row: ResNet1D's main layers with one row, VT-CNN2's 2×3 conv2 with two), by
// Winograd's minimal filtering along the width: per tile of four outputs, six products per
// channel pair instead of twelve, for the forward pass (the rows' 1-D convolutions summed), the
// input gradient (per input row, a forward pass of dy with that filter row flipped and its
// channels swapped) and the filter gradient (F(3, 4): three taps from four outputs, per row). Data tiles, dy tiles
// and outputs are transformed by emitted SIMD (simd/winograd-wasm.ts), the six pointwise products
// are matrix products on the emitted row and patch kernels, and samples go in chunks whose
// transformed tiles stay in L2. Transformed tiles are stored component-major, [6][rows][C], so
// each product reads one contiguous block. Against the patch kernels, per ResNet1D-20 layer at
// batch 128 (each of the three operations): 1.3–1.4× at 16 channels, 1.5–1.6× at 32, 1.7–1.9× at 64.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { reversedTapsInto, type ConvGeometry } from './geometry.ts';
import { VECTORS } from '../simd/row-products-wasm.ts';
import type { SimdKernels } from '../simd/simd-kernels.ts';
import { address, f32, free, type WasmBackend } from '../heap/wasm-heap.ts';

const ALPHA = 6;
const TILE = 4;
const TAPS = 3;
/** Bytes of both sides' transformed tiles per chunk of samples: small enough for L2. */
const CHUNK_BYTES = 256 * 1024;
/** Rows per patch-products call: its output block is reloaded per call, its rows stay in L1. */
const ROWS_PER_CALL = 128;
/**
 * Whether forward pass, input gradient and filter gradient of g all go through these kernels:
 * filter rows spanning the input's height (so one output row, no padding in height), both
 * channel counts in groups of sixteen, the row kernel's register block (which also keeps the
 * transforms' share small).
 */
export function winogradApply(g: ConvGeometry): boolean {
  const channelsFit = (c: number) => c > 0 && c % (4 * VECTORS) === 0;
  return g.outH === 1 && g.kH === g.inH && g.padTop === 0 && g.kW === TAPS && g.strideW === 1 && g.dilationW === 1 && channelsFit(g.inC) && channelsFit(g.outC);
}

/** Samples per chunk when each sample has `tiles` tiles of (a + b) channels on the two sides. */
function chunkSamples(batch: number, tiles: number, a: number, b: number): number {
  return Math.max(1, Math.min(batch, Math.floor(CHUNK_BYTES / (4 * ALPHA * tiles * (a + b)))));
}

/** Rows of channels-last elements: row 0 of sample 0 at `at`, rows `rowBytes` and samples `sampleBytes` apart. */
interface Rows {
  at: number;
  len: number;
  channels: number;
  rowBytes: number;
  sampleBytes: number;
}

/**
 * The transformed data tiles of row `row` of samples [n0, n0 + ns) into v ([6][ns·tiles][c]).
 * Tile t reads data elements 4t − padLeft … 4t − padLeft + 5; tiles that overhang either end
 * read zeros there.
 */
function transformData(k: SimdKernels, data: Rows, row: number, padLeft: number, tiles: number, n0: number, ns: number, v: number): void {
  const { len, channels: c, sampleBytes } = data;
  const elem = 4 * c;
  const src = data.at + row * data.rowBytes + sampleBytes * n0;
  const componentStep = ns * tiles * elem;
  const firstWhole = Math.max(0, Math.ceil(padLeft / TILE));
  const endWhole = Math.max(firstWhole, Math.min(tiles, Math.floor((len - ALPHA + padLeft) / TILE) + 1));
  if (endWhole > firstWhole) {
    k.winogradData(src + elem * (TILE * firstWhole - padLeft), elem, TILE * elem, sampleBytes, ns, endWhole - firstWhole, c, v + elem * firstWhole, componentStep, elem, tiles * elem);
  }
  for (let t = 0; t < tiles; t++) {
    if (t >= firstWhole && t < endWhole) continue;
    const start = TILE * t - padLeft;
    k.winogradDataWindow(src + elem * start, elem, 0, sampleBytes, ns, 1, c, v + elem * t, componentStep, 0, tiles * elem, Math.max(0, -start), Math.min(ALPHA, len - start));
  }
}

/** Result row `result` gets Σ over its terms of data row `data` ⋆ the taps whose transform is at u ([6][dataC][resultC]). */
interface Term {
  data: number;
  result: number;
  u: number;
}

/**
 * result[n][r][w][:] = Σ over the terms into row r of Σ_k data[n][d][w + k − padLeft][:] · taps[k],
 * for w < result.len. Terms come grouped by result row; a data row is transformed once for a run
 * of terms that read it.
 */
function convolveTiles(backend: WasmBackend, k: SimdKernels, batch: number, data: Rows, padLeft: number, terms: readonly Term[], result: Rows): void {
  const tiles = Math.ceil(result.len / TILE);
  const samples = chunkSamples(batch, tiles, data.channels, result.channels);
  const v = backend.makeOutput([ALPHA * samples * tiles * data.channels], 'float32');
  const m = backend.makeOutput([ALPHA * samples * tiles * result.channels], 'float32');
  const vAt = address(backend, v);
  const mAt = address(backend, m);
  const dElem = 4 * data.channels;
  const rElem = 4 * result.channels;
  const whole = Math.floor(result.len / TILE);
  for (let n0 = 0; n0 < batch; n0 += samples) {
    const ns = Math.min(samples, batch - n0);
    const rows = ns * tiles;
    let transformed = -1;
    terms.forEach((term, i) => {
      if (term.data !== transformed) transformData(k, data, term.data, padLeft, tiles, n0, ns, vAt);
      transformed = term.data;
      const first = i === 0 || terms[i - 1]!.result !== term.result;
      for (let xi = 0; xi < ALPHA; xi++) {
        const products = first ? k.rowProductsSet : k.rowProducts;
        products(vAt + xi * rows * dElem, dElem, 0, 1, rows, term.u + xi * dElem * result.channels, data.channels, result.channels, mAt + xi * rows * rElem, rElem, 0);
      }
      if (i + 1 < terms.length && terms[i + 1]!.result === term.result) return;
      const out = result.at + term.result * result.rowBytes + result.sampleBytes * n0;
      if (whole > 0) k.winogradOutput(mAt, rows * rElem, rElem, tiles * rElem, ns, whole, result.channels, out, rElem, TILE * rElem, result.sampleBytes);
      if (whole < tiles) {
        k.winogradOutputWindow(mAt + whole * rElem, rows * rElem, 0, tiles * rElem, ns, 1, result.channels, out + TILE * whole * rElem, rElem, 0, result.sampleBytes, 0, result.len - TILE * whole);
      }
    });
  }
  free(backend, v, m);
}

/** The transform ([rows][6][a][b]) of taps laid out [rows][3][a][b]. */
function transformTaps(backend: WasmBackend, k: SimdKernels, taps: number, rows: number, a: number, b: number): TensorInfo {
  const u = backend.makeOutput([rows * ALPHA * a * b], 'float32');
  k.winogradFilter(taps, 4 * a * b, 4 * TAPS * a * b, 0, 1, rows, a * b, address(backend, u), 4 * a * b, 4 * ALPHA * a * b, 0);
  return u;
}

/** The rows of an NHWC tensor of g's input shape at `at`. */
function inputRows(at: number, g: ConvGeometry): Rows {
  return { at, len: g.inW, channels: g.inC, rowBytes: 4 * g.inW * g.inC, sampleBytes: 4 * g.inH * g.inW * g.inC };
}

/** The row of an NHWC tensor of g's output shape (one row) at `at`. */
function outputRows(at: number, g: ConvGeometry): Rows {
  return { at, len: g.outW, channels: g.outC, rowBytes: 4 * g.outW * g.outC, sampleBytes: 4 * g.outW * g.outC };
}

/** y = x ⋆ W (winogradApply(g)): the filter rows' 1-D convolutions of the input rows, summed. */
export function winogradForward(backend: WasmBackend, k: SimdKernels, x: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const y = backend.makeOutput([g.batch, 1, g.outW, g.outC], 'float32');
  const u = transformTaps(backend, k, address(backend, filter), g.kH, g.inC, g.outC);
  const uAt = address(backend, u);
  const terms = Array.from({ length: g.kH }, (_, h) => ({ data: h, result: 0, u: uAt + 4 * h * ALPHA * g.inC * g.outC }));
  convolveTiles(backend, k, g.batch, inputRows(address(backend, x), g), g.padLeft, terms, outputRows(address(backend, y), g));
  free(backend, u);
  return y;
}

/** dx (winogradApply(g)): per input row, dy correlated with that filter row reversed and its channels swapped. */
export function winogradInputGradient(backend: WasmBackend, k: SimdKernels, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const dx = backend.makeOutput([g.batch, g.inH, g.inW, g.inC], 'float32');
  const flipped = backend.makeOutput([g.kH * TAPS * g.outC * g.inC], 'float32');
  reversedTapsInto(f32(backend, filter), g, Array.from({ length: g.kH }, (_, h) => h), f32(backend, flipped));
  const u = transformTaps(backend, k, address(backend, flipped), g.kH, g.outC, g.inC);
  const uAt = address(backend, u);
  const terms = Array.from({ length: g.kH }, (_, h) => ({ data: 0, result: h, u: uAt + 4 * h * ALPHA * g.outC * g.inC }));
  convolveTiles(backend, k, g.batch, outputRows(address(backend, dy), g), TAPS - 1 - g.padLeft, terms, inputRows(address(backend, dx), g));
  free(backend, flipped, u);
  return dx;
}

/** dW[h][k] = Σ_n Σ_w x[n][h][w + k − padLeft]ᵀ · dy[n][w] (winogradApply(g)). */
export function winogradFilterGradient(backend: WasmBackend, k: SimdKernels, x: TensorInfo, dy: TensorInfo, g: ConvGeometry, filterShape: readonly number[]): TensorInfo {
  const tiles = Math.ceil(g.outW / TILE);
  const samples = chunkSamples(g.batch, tiles, g.inC, g.outC);
  const vx = backend.makeOutput([ALPHA * samples * tiles * g.inC], 'float32');
  const vdy = backend.makeOutput([ALPHA * samples * tiles * g.outC], 'float32');
  const pair = g.inC * g.outC;
  const m = backend.makeOutput([g.kH * ALPHA * pair], 'float32');
  const dW = backend.makeOutput([...filterShape], 'float32');
  f32(backend, m).fill(0);
  const [xAt, dyAt, vxAt, vdyAt, mAt] = [x, dy, vx, vdy, m].map((t) => address(backend, t)) as [number, number, number, number, number];
  const xRows = inputRows(xAt, g);
  const xElem = 4 * g.inC;
  const dyElem = 4 * g.outC;
  const whole = Math.floor(g.outW / TILE);
  for (let n0 = 0; n0 < g.batch; n0 += samples) {
    const ns = Math.min(samples, g.batch - n0);
    const rows = ns * tiles;
    const src = dyAt + dyElem * n0 * g.outW;
    if (whole > 0) k.winogradDy(src, dyElem, TILE * dyElem, g.outW * dyElem, ns, whole, g.outC, vdyAt, rows * dyElem, dyElem, tiles * dyElem);
    if (whole < tiles) {
      k.winogradDyWindow(src + TILE * whole * dyElem, dyElem, 0, g.outW * dyElem, ns, 1, g.outC, vdyAt + whole * dyElem, rows * dyElem, 0, tiles * dyElem, 0, g.outW - TILE * whole);
    }
    for (let h = 0; h < g.kH; h++) {
      transformData(k, xRows, h, g.padLeft, tiles, n0, ns, vxAt);
      for (let xi = 0; xi < ALPHA; xi++) {
        for (let r0 = 0; r0 < rows; r0 += ROWS_PER_CALL) {
          const count = Math.min(ROWS_PER_CALL, rows - r0);
          k.patchProducts(vxAt + (xi * rows + r0) * xElem, xElem, 0, 1, count, vdyAt + (xi * rows + r0) * dyElem, 0, g.inC, g.outC, mAt + 4 * (h * ALPHA + xi) * pair);
        }
      }
    }
  }
  k.winogradTaps(mAt, 4 * pair, 4 * ALPHA * pair, 0, 1, g.kH, pair, address(backend, dW), 4 * pair, 4 * TAPS * pair, 0);
  free(backend, vx, vdy, m);
  return dW;
}
