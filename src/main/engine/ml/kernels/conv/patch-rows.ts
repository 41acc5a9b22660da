// 1-D convolutions (one row, no dilation) and their input gradients as products of contiguous
// patches with a small matrix, on the emitted rowProducts kernel (simd/row-products-wasm.ts), read in
// place with no im2col, padding copy or col2im.
// Forward: output column ow reads input columns ow·s − padLeft + kw, kW·Cin consecutive floats,
// times the filter as stored ([kW·Cin, Cout]). Input gradient: input column iw receives dy at
// ow = (iw + padLeft − kw)/s for the taps kw of its stride phase; those ow are consecutive, so the
// patch is consecutive dy rows, times the phase's taps packed as [taps·Cout, Cin]. Columns whose
// window meets the padding use only their valid taps; columns no tap reaches stay zero.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { columnRuns, type ConvGeometry } from './geometry.ts';
import { VECTORS } from '../simd/row-products-wasm.ts';
import type { SimdKernels } from '../simd/simd-kernels.ts';
import { address, f32, free, type WasmBackend } from '../heap/wasm-heap.ts';

/** Rows per kernel call: enough to amortise a call, few enough to keep a call's data in L1/L2. */
const ROWS_PER_CALL = 128;

/** Consecutive result columns that read the same taps. */
interface Run {
  /** first result column and how many (result columns of one run are `step` apart) */
  first: number;
  count: number;
  step: number;
  /** first source column of the first result column's patch */
  source: number;
  /** the taps read, in patch order */
  taps: number[];
}

/** Whether a 1-D convolution with `channels` result channels goes through these kernels. */
export function patchRowsApply(g: ConvGeometry, channels: number): boolean {
  return g.inH === 1 && g.outH === 1 && g.kH === 1 && g.dilationW === 1 && channels % (4 * VECTORS) === 0;
}

const sameTaps = (a: number[], b: number[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/** Forward taps are consecutive, so a run's filter rows are one slice of W. */
function forwardRuns(g: ConvGeometry): Run[] {
  return columnRuns(g).map((r) => ({
    first: r.first,
    count: r.count,
    step: 1,
    source: r.first * g.strideW - g.padLeft + r.tapFrom,
    taps: Array.from({ length: r.tapTo - r.tapFrom }, (_, i) => r.tapFrom + i),
  }));
}

function inputGradientRuns(g: ConvGeometry): Run[] {
  const s = g.strideW;
  const runs: Run[] = [];
  for (let phase = 0; phase < s && phase < g.inW; phase++) {
    let last: Run | undefined;
    for (let iw = phase; iw < g.inW; iw += s) {
      // taps in order of increasing ow, i.e. decreasing kw
      const taps: number[] = [];
      for (let kw = g.kW - 1; kw >= 0; kw--) {
        const shifted = iw + g.padLeft - kw;
        if (shifted % s === 0 && shifted >= 0 && shifted / s < g.outW) taps.push(kw);
      }
      if (taps.length === 0) {
        last = undefined;
        continue;
      }
      if (last && sameTaps(last.taps, taps)) last.count++;
      else runs.push((last = { first: iw, count: 1, step: s, source: (iw + g.padLeft - taps[0]!) / s, taps }));
    }
  }
  return runs;
}

function drive(
  kernels: SimdKernels,
  batch: number,
  run: Run,
  source: { at: number; columnBytes: number; sampleBytes: number; strideBytes: number },
  result: { at: number; columnBytes: number; sampleBytes: number },
  b: number,
  kc: number,
  channels: number,
): void {
  const a = source.at + run.source * source.columnBytes;
  const out = result.at + run.first * result.columnBytes;
  const samples = Math.max(1, Math.floor(ROWS_PER_CALL / run.count));
  for (let n = 0; n < batch; n += samples) {
    kernels.rowProducts(
      a + n * source.sampleBytes, source.strideBytes, source.sampleBytes, Math.min(samples, batch - n), run.count,
      b, kc, channels, out + n * result.sampleBytes, run.step * result.columnBytes, result.sampleBytes,
    );
  }
}

/** y = x ⋆ W for a 1-D convolution (patchRowsApply(g, g.outC)). */
export function patchRowsForward(backend: WasmBackend, kernels: SimdKernels, x: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const y = backend.makeOutput([g.batch, 1, g.outW, g.outC], 'float32');
  f32(backend, y).fill(0);
  const source = { at: address(backend, x), columnBytes: 4 * g.inC, sampleBytes: 4 * g.inW * g.inC, strideBytes: 4 * g.strideW * g.inC };
  const result = { at: address(backend, y), columnBytes: 4 * g.outC, sampleBytes: 4 * g.outW * g.outC };
  const w = address(backend, filter);
  for (const run of forwardRuns(g)) {
    // the taps are consecutive, so their filter rows are one slice of W
    drive(kernels, g.batch, run, source, result, w + 4 * run.taps[0]! * g.inC * g.outC, run.taps.length * g.inC, g.outC);
  }
  return y;
}

/** dx for a 1-D convolution (patchRowsApply(g, g.inC)). */
export function patchRowsInputGradient(backend: WasmBackend, kernels: SimdKernels, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const runs = inputGradientRuns(g);
  // Each distinct tap list packed as [taps·Cout, Cin]: row (t, o) is W[taps[t], :, o].
  const packed = new Map<string, { offset: number; taps: number[] }>();
  let floats = 0;
  for (const run of runs) {
    const key = run.taps.join(',');
    if (!packed.has(key)) {
      packed.set(key, { offset: floats, taps: run.taps });
      floats += run.taps.length * g.outC * g.inC;
    }
  }
  const matrices = backend.makeOutput([Math.max(1, floats)], 'float32');
  const dx = backend.makeOutput([g.batch, 1, g.inW, g.inC], 'float32');
  const w = f32(backend, filter);
  const m = f32(backend, matrices);
  for (const { offset, taps } of packed.values()) {
    taps.forEach((kw, t) => {
      for (let o = 0; o < g.outC; o++) {
        const row = offset + (t * g.outC + o) * g.inC;
        for (let c = 0; c < g.inC; c++) m[row + c] = w[(kw * g.inC + c) * g.outC + o]!;
      }
    });
  }
  f32(backend, dx).fill(0);
  const source = { at: address(backend, dy), columnBytes: 4 * g.outC, sampleBytes: 4 * g.outW * g.outC, strideBytes: 4 * g.outC };
  const result = { at: address(backend, dx), columnBytes: 4 * g.inC, sampleBytes: 4 * g.inW * g.inC };
  const base = address(backend, matrices);
  for (const run of runs) {
    const { offset } = packed.get(run.taps.join(','))!;
    drive(kernels, g.batch, run, source, result, base + 4 * offset, run.taps.length * g.outC, g.inC);
  }
  free(backend, matrices);
  return dx;
}
