// The graph layers of AVGNet (ml/models/graph/) in standard ONNX ops: Gather, Conv, Pad, Reshape,
// Slice, ReduceSum, Div, MatMul, Transpose (the assignments' Softmax is a stock layer). A band adjacency [n, N, 2h + 1] (band.ts)
// becomes the dense [n, N, N] matrix by the same pad-and-read-back skew as bandToDense, once per
// tensor, and graph products are plain MatMuls on it.
import { AppError } from '../../../../../shared/errors.ts';
import { attr } from '../graph-ir.ts';
import { DataType } from '../onnx-schema.ts';
import { layerWeights, requireWeight, type ConversionContext, type ConvTensor } from '../conversion-context.ts';
import type { LayerCall } from './layer-converter.ts';

const denseForms = new WeakMap<ConversionContext, Map<string, string>>();

function adjacencyForm(call: LayerCall): 'band' | 'dense' {
  const form = call.config.adjacency;
  if (form !== 'band' && form !== 'dense') throw new AppError('UNSUPPORTED', `${call.where}: adjacency form '${String(form)}'`);
  return form;
}

/** The dense [n, N, N] ONNX tensor of an adjacency given in either form. */
function denseAdjacency(ctx: ConversionContext, t: ConvTensor, form: 'band' | 'dense', base: string): string {
  const x = ctx.asTf(t);
  if (form === 'dense') return x.name;
  let cache = denseForms.get(ctx);
  if (!cache) denseForms.set(ctx, (cache = new Map()));
  const known = cache.get(x.name);
  if (known) return known;
  const [N, W] = x.shape as [number, number];
  const h = (W - 1) / 2;
  const b = ctx.builder;
  const wide = b.op('Pad', [x.name, b.int64Const(`${base}_pads`, [0, 0, 0, 0, 0, N])], { mode: attr.string('constant') }, `${base}_to_dense`);
  const flat = b.op('Reshape', [wide, b.int64Const(`${base}_flat`, [-1, N * (N + W)])]);
  const cut = b.op('Slice', [flat, b.int64Const(`${base}_start`, [0]), b.int64Const(`${base}_end`, [N * (N + W - 1)]), b.int64Const(`${base}_axis`, [1])]);
  const skewed = b.op('Reshape', [cut, b.int64Const(`${base}_rows`, [-1, N, N + W - 1])]);
  const dense = b.op('Slice', [skewed, b.int64Const(`${base}_first`, [h]), b.int64Const(`${base}_last`, [h + N]), b.int64Const(`${base}_columns`, [2])]);
  cache.set(x.name, dense);
  return dense;
}

/** IqRow: row r of [n, 2, L] → [n, L]. */
export function convertIqRow(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const x = ctx.asTf(call.inputs[0]!);
  const b = ctx.builder;
  const index = b.addInitializer(`${call.layer.name}_row`, DataType.INT64, [], BigInt64Array.of(BigInt(Number(call.config.row))));
  return [{ name: b.op('Gather', [x.name, index], { axis: attr.int(1) }, call.layer.name), shape: call.outputShapes[0]!, layout: 'tf' }];
}

/** AdaptiveVisibility: one Conv over the series padded by m (the same filter bank as the layer's), ReLU, edge mask. */
export function convertAdaptiveVisibility(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const x = ctx.asTf(call.inputs[0]!);
  const m = Number(call.config.diagonals);
  const [L, W] = call.outputShapes[0]! as [number, number];
  const weights = layerWeights(call.layer);
  // ONNX Conv weight [out = offset, in = 1, tap]
  const filter = new Float32Array(W * W);
  const bias = new Float32Array(W);
  const mask = new Float32Array(L * W);
  for (let o = -m; o <= m; o++) {
    const d = Math.abs(o);
    if (d === 0) continue;
    const kernel = requireWeight(call.layer, weights, `diag${d}_kernel`).data;
    const start = o > 0 ? m : m - d;
    for (let j = 0; j <= d; j++) filter[(o + m) * W + start + j] = kernel[j]!;
    bias[o + m] = requireWeight(call.layer, weights, `diag${d}_bias`).data[0]!;
    for (let t = Math.max(0, -o); t < Math.min(L, L - o); t++) mask[t * W + o + m] = 1;
  }
  const b = ctx.builder;
  const name = call.layer.name;
  const series = b.op('Unsqueeze', [x.name, b.int64Const(`${name}_channel`, [1])]);
  const conv = b.op('Conv', [series, b.floatConst(`${name}_W`, [W, 1, W], filter), b.floatConst(`${name}_B`, [W], bias)], {
    kernel_shape: attr.ints([W]),
    pads: attr.ints([m, m]),
  }, name);
  const rows = b.op('Transpose', [b.op('Relu', [conv])], { perm: attr.ints([0, 2, 1]) });
  return [{ name: b.op('Mul', [rows, b.floatConst(`${name}_edges`, [L, W], mask)]), shape: [L, W], layout: 'tf' }];
}

/** MeanAdjacency: rows divided by max(row sum, 1). */
export function convertMeanAdjacency(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const a = ctx.asTf(call.inputs[0]!);
  const b = ctx.builder;
  const name = call.layer.name;
  const sums = b.op('ReduceSum', [a.name, b.int64Const(`${name}_axis`, [-1])], { keepdims: attr.int(1) }, name);
  const divisor = b.op('Max', [sums, b.floatConst(`${name}_one`, [], Float32Array.of(1))]);
  return [{ name: b.op('Div', [a.name, divisor]), shape: call.outputShapes[0]!, layout: 'tf' }];
}

/** DenseSage: (P·x)·W_neighbour + x·W_root + b. */
export function convertDenseSage(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const [xIn, pIn] = call.inputs as [ConvTensor, ConvTensor];
  const x = ctx.asTf(xIn);
  const name = call.layer.name;
  const p = denseAdjacency(ctx, pIn, adjacencyForm(call), `${name}_adjacency`);
  const weights = layerWeights(call.layer);
  const b = ctx.builder;
  const constant = (weight: string) => {
    const w = requireWeight(call.layer, weights, weight);
    return b.floatConst(`${name}_${weight}`, w.shape, w.data);
  };
  const neighbours = b.op('MatMul', [b.op('MatMul', [p, x.name], {}, `${name}_mean`), constant('neighbour_kernel')]);
  const root = b.op('MatMul', [x.name, constant('root_kernel')], {}, name);
  const y = b.op('Add', [b.op('Add', [neighbours, root]), constant('bias')]);
  return [{ name: y, shape: call.outputShapes[0]!, layout: 'tf' }];
}

/** DiffPoolFeatures: Sᵀ·x. */
export function convertDiffPoolFeatures(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const [x, s] = call.inputs.map((t) => ctx.asTf(t)) as [ConvTensor, ConvTensor];
  const b = ctx.builder;
  const st = b.op('Transpose', [s.name], { perm: attr.ints([0, 2, 1]) });
  return [{ name: b.op('MatMul', [st, x.name], {}, call.layer.name), shape: call.outputShapes[0]!, layout: 'tf' }];
}

/** DiffPoolAdjacency: Sᵀ·A·S. */
export function convertDiffPoolAdjacency(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const [aIn, sIn] = call.inputs as [ConvTensor, ConvTensor];
  const name = call.layer.name;
  const a = denseAdjacency(ctx, aIn, adjacencyForm(call), `${name}_dense`);
  const s = ctx.asTf(sIn).name;
  const b = ctx.builder;
  const st = b.op('Transpose', [s], { perm: attr.ints([0, 2, 1]) });
  return [{ name: b.op('MatMul', [b.op('MatMul', [st, a]), s], {}, name), shape: call.outputShapes[0]!, layout: 'tf' }];
}

/** Rescaling (Keras): x·scale + offset. */
export function convertRescaling(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const input = call.inputs[0]!;
  const b = ctx.builder;
  const name = call.layer.name;
  let y = b.op('Mul', [input.name, b.floatConst(`${name}_scale`, [], Float32Array.of(Number(call.config.scale)))], {}, name);
  const offset = Number(call.config.offset ?? 0);
  if (offset !== 0) y = b.op('Add', [y, b.floatConst(`${name}_offset`, [], Float32Array.of(offset))]);
  return [{ ...input, name: y, shape: call.outputShapes[0]! }];
}
