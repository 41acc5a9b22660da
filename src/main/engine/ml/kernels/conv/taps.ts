// Filter gradient of a convolution (row stride 1) without a patch matrix gathered element by
// element. Lay the input on its zero-padded grid [N, Hp, Wp] and transpose it once to
// [Cin, grid]. Output pixel p (its own grid index) reads tap (kh, kw) at grid index
// p + kh·dH·Wp + kw·dW, so the transposed patch matrix for a run of output pixels is, row by row,
// a shifted contiguous slice of one transposed input row. A column stride s splits the padded
// columns into s phases (column s·q + φ goes to phase φ at q): tap kw then reads phase kw·dW mod s
// at q = ow + ⌊kw·dW / s⌋, contiguous again. With dy spread onto the same grid (zeros where no
// output pixel sits), dW = patchesᵀ · dy is one plain XNNPACK matmul per chunk of the grid,
// already in the filter's [kh, kw, Cin, Cout] order.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './geometry.ts';
import type { SimdKernels } from '../simd/simd-kernels.ts';
import { address, copyFloats, f32, free, matMul, type WasmBackend } from '../heap/wasm-heap.ts';

/** Floats per chunk of the transposed patch matrix: ~16 MB keeps each matmul large but the heap small. */
const CHUNK_FLOATS = 1 << 22;

/** Below this many input channels the grid transpose costs more than gathering patches directly. */
const MIN_CHANNELS = 2;

/**
 * Most grid points per output pixel: each grid point is a column of the matmul, so padding that
 * holds no output pixel (a 2-row filter over 2 valid rows doubles the grid) is wasted work.
 */
const MAX_GRID_GROWTH = 1.25;

/** Whether this route (with the emitted kernels of simd/simd-kernels.ts) is the faster one for g. */
export function tapProductsApply(g: ConvGeometry): boolean {
  return g.strideH === 1 && g.inC >= MIN_CHANNELS && gridOf(g).points <= MAX_GRID_GROWTH * g.batch * g.outH * g.outW;
}

interface Grid {
  height: number;
  /** columns per phase */
  width: number;
  /** column stride = number of phases */
  stride: number;
  /** Number of grid points of one phase: the output pixels and the padding around them. */
  points: number;
  /** Grid offset of each tap within its phase, in filter order. */
  shifts: Int32Array;
  /** Phase each tap reads, in filter order. */
  phases: Int32Array;
  /** Row length of one phase of the transposed input: the grid plus the largest shift, which reads zeros. */
  span: number;
}

function gridOf(g: ConvGeometry): Grid {
  const stride = g.strideW;
  const height = g.outH + (g.kH - 1) * g.dilationH;
  const paddedColumns = (g.outW - 1) * stride + (g.kW - 1) * g.dilationW + 1;
  const width = Math.ceil(paddedColumns / stride);
  const shifts = new Int32Array(g.kH * g.kW);
  const phases = new Int32Array(g.kH * g.kW);
  for (let kh = 0; kh < g.kH; kh++) {
    for (let kw = 0; kw < g.kW; kw++) {
      const column = kw * g.dilationW;
      shifts[kh * g.kW + kw] = kh * g.dilationH * width + Math.floor(column / stride);
      phases[kh * g.kW + kw] = column % stride;
    }
  }
  const points = g.batch * height * width;
  return { height, width, stride, points, shifts, phases, span: points + Math.max(...shifts) };
}

/**
 * xT[phase][c][grid point] for input x (NHWC), as a tensor in the wasm heap; zero on the padding
 * and in phases no tap reads. Padded column iw + padLeft = stride·q + phase goes to (phase, q).
 */
function transposeOntoGrid(backend: WasmBackend, kernels: SimdKernels, g: ConvGeometry, grid: Grid, x: TensorInfo): TensorInfo {
  const { inH, inW, inC } = g;
  const { stride, width, span } = grid;
  const out = backend.makeOutput([stride, inC, span], 'float32');
  f32(backend, out).fill(0);
  const used = new Set(grid.phases);
  // input columns that land on the grid
  const columns = Math.min(inW, stride * width - g.padLeft);
  const xAt = address(backend, x);
  const outAt = address(backend, out);
  for (let n = 0; n < g.batch; n++) {
    for (let ih = 0; ih < inH; ih++) {
      const gh = ih + g.padTop;
      if (gh >= grid.height) break;
      const line = (n * grid.height + gh) * width;
      const src = (n * inH + ih) * inW * inC;
      for (const phase of used) {
        // first input column of this phase, and its grid column
        const first = (((phase - g.padLeft) % stride) + stride) % stride;
        if (first >= columns) continue;
        const q0 = (first + g.padLeft - phase) / stride;
        const count = Math.ceil((columns - first) / stride);
        const dst = phase * inC * span + line + q0;
        const from = src + first * inC;
        // One image row of this phase is a small [W, C] block: read it once per channel, write contiguously.
        kernels.transpose(xAt + 4 * from, outAt + 4 * dst, count, inC, 4 * span, 4 * stride * inC);
      }
    }
  }
  return out;
}

/** Rows [start, start + count) of dy spread onto the grid: [count, Cout], zero where no output pixel sits. */
function dyGridRows(backend: WasmBackend, g: ConvGeometry, grid: Grid, dy: TensorInfo, start: number, count: number, rows: TensorInfo): void {
  const { outH, outW, outC } = g;
  const out = f32(backend, rows);
  let p = start;
  const end = start + count;
  while (p < end) {
    const row = Math.floor(p / grid.width);
    const column = p - row * grid.width;
    const segmentEnd = Math.min(end, (row + 1) * grid.width);
    const oh = row % grid.height;
    const n = (row - oh) / grid.height;
    const valid = oh < outH ? Math.max(0, Math.min(outW, column + segmentEnd - p) - column) : 0;
    const o = (p - start) * outC;
    if (valid > 0) {
      const s = ((n * outH + oh) * outW + column) * outC;
      copyFloats(backend, dy, s, rows, o, valid * outC);
    }
    out.fill(0, o + valid * outC, (segmentEnd - start) * outC);
    p = segmentEnd;
  }
}

export function tapProductsFilterGradient(
  backend: WasmBackend,
  kernels: SimdKernels,
  x: TensorInfo,
  dy: TensorInfo,
  g: ConvGeometry,
  filterShape: readonly number[],
): TensorInfo {
  const grid = gridOf(g);
  const transposed = transposeOntoGrid(backend, kernels, g, grid, x);
  const taps = grid.shifts.length;
  const rows = taps * g.inC;
  const step = Math.max(1, Math.min(grid.points, Math.floor(CHUNK_FLOATS / Math.max(rows, g.outC))));
  const sum = new Float32Array(rows * g.outC);

  for (let start = 0; start < grid.points; start += step) {
    const count = Math.min(step, grid.points - start);
    const patchesT = backend.makeOutput([rows, count], 'float32');
    const dyRows = backend.makeOutput([count, g.outC], 'float32');
    for (let t = 0; t < taps; t++) {
      const from = grid.phases[t]! * g.inC * grid.span + start + grid.shifts[t]!;
      for (let c = 0; c < g.inC; c++) copyFloats(backend, transposed, c * grid.span + from, patchesT, (t * g.inC + c) * count, count);
    }
    dyGridRows(backend, g, grid, dy, start, count, dyRows);
    const part = matMul(backend, patchesT, dyRows);
    const values = f32(backend, part);
    for (let i = 0; i < sum.length; i++) sum[i] += values[i]!;
    free(backend, patchesT, dyRows, part);
  }

  free(backend, transposed);
  const out = backend.makeOutput([...filterShape], 'float32');
  f32(backend, out).set(sum);
  return out;
}
