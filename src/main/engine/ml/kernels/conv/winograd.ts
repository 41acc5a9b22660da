// 1-D convolutions with three taps and stride 1 (ResNet1D's main layers) by Winograd's minimal
// filtering: per tile of four outputs, six products per channel pair instead of twelve, for the
// forward pass, the input gradient (a forward pass of dy with the flipped, channel-swapped
// filter) and the filter gradient (F(3, 4): three taps from four outputs). Data tiles, dy tiles
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
 * both channel counts in groups of sixteen, the row kernel's register block (which also keeps
 * the transforms' share small).
 */
export function winogradApply(g: ConvGeometry): boolean {
  const channelsFit = (c: number) => c > 0 && c % (4 * VECTORS) === 0;
  return g.inH === 1 && g.outH === 1 && g.kH === 1 && g.kW === TAPS && g.strideW === 1 && g.dilationW === 1 && channelsFit(g.inC) && channelsFit(g.outC);
}

/** Samples per chunk when each sample has `tiles` tiles of (a + b) channels on the two sides. */
function chunkSamples(batch: number, tiles: number, a: number, b: number): number {
  return Math.max(1, Math.min(batch, Math.floor(CHUNK_BYTES / (4 * ALPHA * tiles * (a + b)))));
}

/**
 * The transformed data tiles of samples [n0, n0 + ns) into v ([6][ns·tiles][c]). Tile t reads
 * data elements 4t − padLeft … 4t − padLeft + 5; tiles that overhang either end read zeros there.
 */
function transformData(k: SimdKernels, data: number, len: number, c: number, padLeft: number, tiles: number, n0: number, ns: number, v: number): void {
  const elem = 4 * c;
  const src = data + elem * n0 * len;
  const componentStep = ns * tiles * elem;
  const firstWhole = Math.max(0, Math.ceil(padLeft / TILE));
  const endWhole = Math.max(firstWhole, Math.min(tiles, Math.floor((len - ALPHA + padLeft) / TILE) + 1));
  if (endWhole > firstWhole) {
    k.winogradData(src + elem * (TILE * firstWhole - padLeft), elem, TILE * elem, len * elem, ns, endWhole - firstWhole, c, v + elem * firstWhole, componentStep, elem, tiles * elem);
  }
  for (let t = 0; t < tiles; t++) {
    if (t >= firstWhole && t < endWhole) continue;
    const start = TILE * t - padLeft;
    k.winogradDataWindow(src + elem * start, elem, 0, len * elem, ns, 1, c, v + elem * t, componentStep, 0, tiles * elem, Math.max(0, -start), Math.min(ALPHA, len - start));
  }
}

/**
 * result[n][w][:] = Σ_k data[n][w + k − padLeft][:] · taps[k] for w < outLen, from the taps'
 * transform u ([6][dataC][resultC]).
 */
function convolveTiles(
  backend: WasmBackend, k: SimdKernels, batch: number,
  data: { at: number; len: number; channels: number; padLeft: number },
  u: number,
  result: { at: number; len: number; channels: number },
): void {
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
    transformData(k, data.at, data.len, data.channels, data.padLeft, tiles, n0, ns, vAt);
    for (let xi = 0; xi < ALPHA; xi++) {
      k.rowProductsSet(vAt + xi * rows * dElem, dElem, 0, 1, rows, u + xi * dElem * result.channels, data.channels, result.channels, mAt + xi * rows * rElem, rElem, 0);
    }
    const out = result.at + rElem * n0 * result.len;
    if (whole > 0) k.winogradOutput(mAt, rows * rElem, rElem, tiles * rElem, ns, whole, result.channels, out, rElem, TILE * rElem, result.len * rElem);
    if (whole < tiles) {
      k.winogradOutputWindow(mAt + whole * rElem, rows * rElem, 0, tiles * rElem, ns, 1, result.channels, out + TILE * whole * rElem, rElem, 0, result.len * rElem, 0, result.len - TILE * whole);
    }
  }
  free(backend, v, m);
}

/** The transform ([6][a][b]) of taps laid out [3][a][b]. */
function transformTaps(backend: WasmBackend, k: SimdKernels, taps: number, a: number, b: number): TensorInfo {
  const u = backend.makeOutput([ALPHA * a * b], 'float32');
  k.winogradFilter(taps, 4 * a * b, 0, 0, 1, 1, a * b, address(backend, u), 4 * a * b, 0, 0);
  return u;
}

/** y = x ⋆ W (winogradApply(g)). */
export function winogradForward(backend: WasmBackend, k: SimdKernels, x: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const y = backend.makeOutput([g.batch, 1, g.outW, g.outC], 'float32');
  const u = transformTaps(backend, k, address(backend, filter), g.inC, g.outC);
  convolveTiles(
    backend, k, g.batch,
    { at: address(backend, x), len: g.inW, channels: g.inC, padLeft: g.padLeft },
    address(backend, u),
    { at: address(backend, y), len: g.outW, channels: g.outC },
  );
  free(backend, u);
  return y;
}

/** dx (winogradApply(g)): dy correlated with the taps reversed and their channels swapped. */
export function winogradInputGradient(backend: WasmBackend, k: SimdKernels, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const dx = backend.makeOutput([g.batch, 1, g.inW, g.inC], 'float32');
  const flipped = backend.makeOutput([TAPS * g.outC * g.inC], 'float32');
  reversedTapsInto(f32(backend, filter), g, [0], f32(backend, flipped));
  const u = transformTaps(backend, k, address(backend, flipped), g.outC, g.inC);
  convolveTiles(
    backend, k, g.batch,
    { at: address(backend, dy), len: g.outW, channels: g.outC, padLeft: TAPS - 1 - g.padLeft },
    address(backend, u),
    { at: address(backend, dx), len: g.inW, channels: g.inC },
  );
  free(backend, flipped, u);
  return dx;
}

/** dW[k] = Σ_n Σ_w x[n][w + k − padLeft]ᵀ · dy[n][w] (winogradApply(g)). */
export function winogradFilterGradient(backend: WasmBackend, k: SimdKernels, x: TensorInfo, dy: TensorInfo, g: ConvGeometry, filterShape: readonly number[]): TensorInfo {
  const tiles = Math.ceil(g.outW / TILE);
  const samples = chunkSamples(g.batch, tiles, g.inC, g.outC);
  const vx = backend.makeOutput([ALPHA * samples * tiles * g.inC], 'float32');
  const vdy = backend.makeOutput([ALPHA * samples * tiles * g.outC], 'float32');
  const m = backend.makeOutput([ALPHA * g.inC * g.outC], 'float32');
  const dW = backend.makeOutput([...filterShape], 'float32');
  f32(backend, m).fill(0);
  const [xAt, dyAt, vxAt, vdyAt, mAt] = [x, dy, vx, vdy, m].map((t) => address(backend, t)) as [number, number, number, number, number];
  const xElem = 4 * g.inC;
  const dyElem = 4 * g.outC;
  const whole = Math.floor(g.outW / TILE);
  for (let n0 = 0; n0 < g.batch; n0 += samples) {
    const ns = Math.min(samples, g.batch - n0);
    const rows = ns * tiles;
    transformData(k, xAt, g.inW, g.inC, g.padLeft, tiles, n0, ns, vxAt);
    const src = dyAt + dyElem * n0 * g.outW;
    if (whole > 0) k.winogradDy(src, dyElem, TILE * dyElem, g.outW * dyElem, ns, whole, g.outC, vdyAt, rows * dyElem, dyElem, tiles * dyElem);
    if (whole < tiles) {
      k.winogradDyWindow(src + TILE * whole * dyElem, dyElem, 0, g.outW * dyElem, ns, 1, g.outC, vdyAt + whole * dyElem, rows * dyElem, 0, tiles * dyElem, 0, g.outW - TILE * whole);
    }
    for (let xi = 0; xi < ALPHA; xi++) {
      for (let r0 = 0; r0 < rows; r0 += ROWS_PER_CALL) {
        const count = Math.min(ROWS_PER_CALL, rows - r0);
        k.patchProducts(vxAt + (xi * rows + r0) * xElem, xElem, 0, 1, count, vdyAt + (xi * rows + r0) * dyElem, 0, g.inC, g.outC, mAt + xi * g.inC * dyElem);
      }
    }
  }
  const pair = g.inC * g.outC;
  k.winogradTaps(mAt, 4 * pair, 0, 0, 1, 1, pair, address(backend, dW), 4 * pair, 0, 0);
  free(backend, vx, vdy, m);
  return dW;
}
