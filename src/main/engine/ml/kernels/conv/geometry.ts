// Index arithmetic shared by the convolution gradients: NHWC tensors, filters [KH, KW, Cin, Cout],
// rows of the patch matrix ordered (n, oh, ow) and columns (kh, kw, cin) like the filter.
import { backend_util, type Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs-core';

export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padLeft: number;
}

/** The geometry of a channels-last convolution (no dilation: tfjs has no dilated conv gradients). */
export function convGeometry(
  inputShape: readonly number[],
  filterShape: readonly number[],
  attrs: Pick<Conv2DBackpropFilterAttrs, 'strides' | 'pad' | 'dimRoundingMode'>,
): ConvGeometry {
  const info = backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kH: info.filterHeight,
    kW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    dilationH: info.dilationHeight,
    dilationW: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Consecutive output columns whose filter window covers the same taps (the rest is padding). */
export interface ColumnRun {
  first: number;
  count: number;
  /** first tap inside the input, and one past the last */
  tapFrom: number;
  tapTo: number;
}

/** The output columns of one row grouped by the taps that land inside the input (no column dilation). */
export function columnRuns(g: ConvGeometry): ColumnRun[] {
  const runs: ColumnRun[] = [];
  for (let ow = 0; ow < g.outW; ow++) {
    const iw = ow * g.strideW - g.padLeft;
    const tapFrom = Math.max(0, -iw);
    const tapTo = Math.min(g.kW, g.inW - iw);
    if (tapTo <= tapFrom) continue;
    const last = runs.at(-1);
    if (last && last.tapFrom === tapFrom && last.tapTo === tapTo && last.first + last.count === ow) last.count++;
    else runs.push({ first: ow, count: 1, tapFrom, tapTo });
  }
  return runs;
}

/** Number of output pixels (rows of the patch matrix). */
export function patchRows(g: ConvGeometry): number {
  return g.batch * g.outH * g.outW;
}

/** Length of one patch (columns of the patch matrix). */
export function patchSize(g: ConvGeometry): number {
  return g.kH * g.kW * g.inC;
}

/** Below this length a plain loop beats a typed-array `set`, which pays for a fresh subarray. */
const LONG_RUN = 128;

/** A run that lies on zero padding, in the input-offset slot of a run table. */
const PADDING = -1;

/**
 * Lists the contiguous runs of patch-matrix rows [rowStart, rowEnd) as triples
 * (column offset relative to row rowStart, input offset or PADDING, length). Building the table
 * once keeps the copy and add loops below tight and monomorphic.
 */
export function patchRuns(g: ConvGeometry, rowStart: number, rowEnd: number): Int32Array {
  const { inH, inW, inC, outH, outW, kH, kW } = g;
  const patch = patchSize(g);
  const tapRun = kW * inC;
  const runs: number[] = [];
  for (let row = rowStart; row < rowEnd; row++) {
    const ow = row % outW;
    const oh = Math.floor(row / outW) % outH;
    const n = Math.floor(row / (outW * outH));
    const rowCol = (row - rowStart) * patch;
    const iw0 = ow * g.strideW - g.padLeft;
    for (let kh = 0; kh < kH; kh++) {
      const ih = oh * g.strideH - g.padTop + kh * g.dilationH;
      const col = rowCol + kh * tapRun;
      if (ih < 0 || ih >= inH) {
        runs.push(col, PADDING, tapRun);
        continue;
      }
      const lineStart = (n * inH + ih) * inW;
      if (g.dilationW === 1 && iw0 >= 0 && iw0 + kW <= inW) {
        runs.push(col, (lineStart + iw0) * inC, tapRun);
        continue;
      }
      for (let kw = 0; kw < kW; kw++) {
        const iw = iw0 + kw * g.dilationW;
        runs.push(col + kw * inC, iw < 0 || iw >= inW ? PADDING : (lineStart + iw) * inC, inC);
      }
    }
  }
  return Int32Array.from(runs);
}

/**
 * Writes patch-matrix rows [rowStart, rowEnd) of input x (NHWC) into cols, straight from the
 * geometry: a run table costs as much to build as this copy, and most runs are short.
 */
export function im2col(g: ConvGeometry, rowStart: number, rowEnd: number, x: Float32Array, cols: Float32Array): void {
  const { inH, inW, inC, outH, outW, kH, kW } = g;
  let o = 0;
  for (let row = rowStart; row < rowEnd; row++) {
    const ow = row % outW;
    const rest = (row - ow) / outW;
    const oh = rest % outH;
    const n = (rest - oh) / outH;
    const iw0 = ow * g.strideW - g.padLeft;
    for (let kh = 0; kh < kH; kh++) {
      const ih = oh * g.strideH - g.padTop + kh * g.dilationH;
      if (ih < 0 || ih >= inH) {
        cols.fill(0, o, o + kW * inC);
        o += kW * inC;
        continue;
      }
      const line = (n * inH + ih) * inW;
      // Stride-1 taps that all lie inside the row form one contiguous run.
      const whole = g.dilationW === 1 && iw0 >= 0 && iw0 + kW <= inW;
      const runs = whole ? 1 : kW;
      const length = whole ? kW * inC : inC;
      for (let kw = 0; kw < runs; kw++) {
        const iw = iw0 + kw * g.dilationW;
        if (iw < 0 || iw >= inW) {
          for (let i = 0; i < length; i++) cols[o + i] = 0;
        } else if (length >= LONG_RUN) {
          const src = (line + iw) * inC;
          cols.set(x.subarray(src, src + length), o);
        } else {
          const src = (line + iw) * inC;
          for (let i = 0; i < length; i++) cols[o + i] = x[src + i];
        }
        o += length;
      }
    }
  }
}

/**
 * Writes the patch rows described by `runs` transposed: colsT[k][row], `rows` rows in the chunk.
 * Used when the patch is short (e.g. one input channel), where this is cheaper than transposing dy.
 */
export function im2colTransposed(runs: Int32Array, patch: number, rows: number, x: Float32Array, colsT: Float32Array): void {
  for (let r = 0; r < runs.length; r += 3) {
    const col = runs[r];
    const input = runs[r + 1];
    const length = runs[r + 2];
    const row = Math.floor(col / patch);
    const k0 = col - row * patch;
    for (let i = 0; i < length; i++) colsT[(k0 + i) * rows + row] = input === PADDING ? 0 : x[input + i];
  }
}

/** Adds the patch rows described by `runs` back onto dx (NHWC): the adjoint of im2col. */
export function col2imAdd(runs: Int32Array, cols: Float32Array, dx: Float32Array): void {
  for (let r = 0; r < runs.length; r += 3) {
    const col = runs[r];
    const input = runs[r + 1];
    if (input === PADDING) continue;
    const end = input + runs[r + 2];
    for (let i = input, j = col; i < end; i++, j++) dx[i] += cols[j];
  }
}

/**
 * The filter rows `rows` (in that order), each reversed along the width with input and output
 * channels swapped, into out ([rows.length, kW, outC, inC]): dx is then a forward convolution of
 * dy with these taps (all rows reversed for the whole filter, or one row at a time).
 */
export function reversedTapsInto(w: Float32Array, g: ConvGeometry, rows: readonly number[], out: Float32Array): void {
  rows.forEach((kh, r) => {
    for (let kw = 0; kw < g.kW; kw++) {
      const src = (kh * g.kW + (g.kW - 1 - kw)) * g.inC * g.outC;
      const dst = (r * g.kW + kw) * g.outC * g.inC;
      for (let ci = 0; ci < g.inC; ci++) {
        for (let co = 0; co < g.outC; co++) out[dst + co * g.inC + ci] = w[src + ci * g.outC + co]!;
      }
    }
  });
}
