// Input gradient of a 2-D convolution for the wasm backend (the stock kernel is a direct loop
// about 10× slower than the forward pass): the first of its routes that applies computes it.
import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { chunkRows, requireNhwcFloat } from './conv/checks.ts';
import { col2imAdd, convGeometry, patchRuns, patchRows, patchSize, reversedTapsInto, type ConvGeometry } from './conv/geometry.ts';
import { patchRowsApply, patchRowsInputGradient } from './conv/patch-rows.ts';
import { runFirstRoute, simdRoute, type ConvRoute } from './conv/route.ts';
import { winogradApply, winogradInputGradient } from './conv/winograd.ts';
import { transposeInto } from './heap/transposed-operand.ts';
import { copyFloats, f32, free, matMul, runWasmKernel, type WasmBackend } from './heap/wasm-heap.ts';
import { simdKernels, type SimdKernels } from './simd/simd-kernels.ts';

interface InputGradientCall {
  backend: WasmBackend;
  dy: TensorInfo;
  filter: TensorInfo;
  g: ConvGeometry;
  simd: SimdKernels | null;
}

const routes: readonly ConvRoute<InputGradientCall>[] = [
  // 1-D, three taps, stride 1: Winograd F(4, 3) tiles, a forward pass of dy
  simdRoute((c) => winogradApply(c.g), (c, simd) => winogradInputGradient(c.backend, simd, c.dy, c.filter, c.g)),
  // other 1-D convolutions, any stride: contiguous dy rows times the filter's taps
  simdRoute((c) => patchRowsApply(c.g, c.g.inC), (c, simd) => patchRowsInputGradient(c.backend, simd, c.dy, c.filter, c.g)),
  // one output row, several filter rows: one 1-D flipped convolution per filter row
  { applies: (c) => suitsRowwiseConvolution(c.g), run: (c) => rowwiseFlippedConvolution(c.backend, c.dy, c.filter, c.g) },
  // stride 1 with little padding work: XNNPACK's forward convolution of dy with the flipped filter
  { applies: (c) => suitsFlippedConvolution(c.g), run: (c) => flippedConvolution(c.backend, c.dy, c.filter, c.g) },
  // any stride and padding: col2im(dy · Wᵀ), one XNNPACK matmul per row chunk
  { applies: () => true, run: patchMatrixInputGradient },
];

export function conv2dBackpropInput(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: WasmBackend;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  requireNhwcFloat(Conv2DBackpropInput, attrs.dataFormat, [dy, filter]);
  const g = convGeometry(attrs.inputShape, filter.shape, attrs);
  return runFirstRoute(routes, { backend, dy, filter, g, simd: simdKernels(backend) });
}

/** dx = col2im(dy · Wᵀ): the patches' gradients from one matmul per row chunk, added back onto the input grid. */
function patchMatrixInputGradient({ backend, dy, filter, g }: InputGradientCall): TensorInfo {
  const rows = patchRows(g);
  const patch = patchSize(g);
  const step = chunkRows(rows, patch);

  const filterT = backend.makeOutput([g.outC, patch], 'float32');
  transposeInto(f32(backend, filter), 0, patch, g.outC, f32(backend, filterT));
  const dx = backend.makeOutput([g.batch, g.inH, g.inW, g.inC], 'float32');
  f32(backend, dx).fill(0);

  for (let start = 0; start < rows; start += step) {
    const count = Math.min(step, rows - start);
    const dyRows = backend.makeOutput([count, g.outC], 'float32');
    copyFloats(backend, dy, start * g.outC, dyRows, 0, count * g.outC);
    const cols = matMul(backend, dyRows, filterT);
    col2imAdd(patchRuns(g, start, start + count), f32(backend, cols), f32(backend, dx));
    free(backend, dyRows, cols);
  }
  free(backend, filterT);
  return dx;
}

/** Largest input/output area ratio for which the full-padding convolution beats the matmul route. */
const MAX_FULL_PADDING_GROWTH = 1.25;

function suitsFlippedConvolution(g: ConvGeometry): boolean {
  return (
    g.strideH === 1 &&
    g.strideW === 1 &&
    g.dilationH === 1 &&
    g.dilationW === 1 &&
    g.inH * g.inW <= MAX_FULL_PADDING_GROWTH * g.outH * g.outW
  );
}

/** Left and right padding of the flipped convolution along the width. */
function widthPadding(g: ConvGeometry): [number, number] {
  return [g.kW - 1 - g.padLeft, g.inW - g.outW + g.padLeft];
}

/**
 * One output row and several filter rows (VT-CNN2's 2×3 'valid' convolution): each filter row
 * maps the output row onto a single input row, so dx is one 1-D flipped convolution per filter
 * row; a full 2-D one would spend most of its work on padding rows.
 */
function suitsRowwiseConvolution(g: ConvGeometry): boolean {
  const [left, right] = widthPadding(g);
  return (
    g.outH === 1 &&
    g.kH > 1 &&
    g.strideW === 1 &&
    g.dilationH === 1 &&
    g.dilationW === 1 &&
    left >= 0 &&
    right >= 0 &&
    g.inW <= MAX_FULL_PADDING_GROWTH * g.outW
  );
}

function rowwiseFlippedConvolution(backend: WasmBackend, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const dx = backend.makeOutput([g.batch, g.inH, g.inW, g.inC], 'float32');
  const row = g.inW * g.inC;
  const covered = new Array<boolean>(g.inH).fill(false);
  for (let kh = 0; kh < g.kH; kh++) {
    const ih = kh - g.padTop;
    if (ih < 0 || ih >= g.inH) continue;
    covered[ih] = true;
    const tap = backend.makeOutput([1, g.kW, g.outC, g.inC], 'float32');
    reversedTapsInto(f32(backend, filter), g, [kh], f32(backend, tap));
    const rows = runWasmKernel(backend, 'Conv2D', { x: dy, filter: tap }, {
      strides: [1, 1],
      pad: [[0, 0], [0, 0], widthPadding(g), [0, 0]],
      dataFormat: 'NHWC',
      dilations: [1, 1],
    } as never);
    const out = f32(backend, dx);
    const r = f32(backend, rows);
    for (let n = 0; n < g.batch; n++) out.set(r.subarray(n * row, (n + 1) * row), (n * g.inH + ih) * row);
    free(backend, tap, rows);
  }
  const out = f32(backend, dx);
  covered.forEach((hit, ih) => {
    if (hit) return;
    for (let n = 0; n < g.batch; n++) out.fill(0, (n * g.inH + ih) * row, (n * g.inH + ih + 1) * row);
  });
  return dx;
}

/** dx = dy ⋆ flip(W)ᵀ with the padding that maps every output pixel back onto its inputs. */
function flippedConvolution(backend: WasmBackend, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const flipped = backend.makeOutput([g.kH, g.kW, g.outC, g.inC], 'float32');
  reversedTapsInto(f32(backend, filter), g, Array.from({ length: g.kH }, (_, r) => g.kH - 1 - r), f32(backend, flipped));
  const top = g.kH - 1 - g.padTop;
  const pad = [[0, 0], [top, g.inH - g.outH + g.padTop], widthPadding(g), [0, 0]];
  const dx = runWasmKernel(backend, 'Conv2D', { x: dy, filter: flipped }, {
    strides: [1, 1],
    pad,
    dataFormat: 'NHWC',
    dilations: [1, 1],
  } as never);
  free(backend, flipped);
  return dx;
}

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as KernelFunc,
};
