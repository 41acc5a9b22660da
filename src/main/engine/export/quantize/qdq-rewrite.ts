import { attr, GraphBuilder, type OnnxGraph, type OnnxNode } from '../onnx/graph-ir.ts';
import { DataType } from '../onnx/onnx-schema.ts';
import type { Range } from './calibrate.ts';
import { activationParams, quantizeBias, quantizeWeightsPerChannel } from './int8.ts';

// Which inputs of which ops are weights, and along which axis their output channels lie.
const matrixOps: Record<string, { axis: number }> = { Conv: { axis: 0 }, Gemm: { axis: 1 }, MatMul: { axis: 1 } };
const recurrentOps = new Set(['LSTM', 'GRU', 'RNN']);

function hasWeight(graph: OnnxGraph, node: OnnxNode): boolean {
  if (node.opType === 'Gemm' && (node.attributes.transB?.value ?? 0) !== 0) return false;
  return node.opType in matrixOps && graph.initializers.has(node.inputs[1]!);
}

/** Where a Conv/Gemm's output is best quantised: after a Relu that is its only consumer, so runtimes can fuse the pair. */
function outputToQuantize(graph: OnnxGraph, node: OnnxNode): string | null {
  if (node.opType === 'MatMul') return null;
  const out = node.outputs[0]!;
  if (graph.outputs.some((o) => o.name === out)) return null;
  const consumers = graph.nodes.filter((n) => n.inputs.includes(out));
  if (consumers.length === 1 && consumers[0]!.opType === 'Relu') return consumers[0]!.outputs[0]!;
  return out;
}

/** Activation tensors whose ranges static quantisation needs. */
export function tensorsToCalibrate(graph: OnnxGraph): string[] {
  const names = new Set<string>();
  for (const node of graph.nodes) {
    if (!hasWeight(graph, node)) continue;
    names.add(node.inputs[0]!);
    const out = outputToQuantize(graph, node);
    if (out) names.add(out);
  }
  return [...names];
}

/** Replaces a float weight initialiser by int8 values + per-channel DequantizeLinear. Returns the DQ output and the scales. */
function dequantizedWeight(b: GraphBuilder, name: string, axis: number): { name: string; scales: Float32Array } {
  const w = b.graph.initializers.get(name)!;
  const q = quantizeWeightsPerChannel(w.data as Float32Array, w.dims, axis);
  const channels = w.dims[axis]!;
  const values = b.addInitializer(`${name}_int8`, DataType.INT8, w.dims, q.values);
  const scale = b.floatConst(`${name}_scale`, [channels], q.scales);
  const zero = b.addInitializer(`${name}_zero_point`, DataType.INT8, [channels], new Int8Array(channels));
  return { name: b.op('DequantizeLinear', [values, scale, zero], { axis: attr.int(axis) }, `${name}_dq`), scales: q.scales };
}

/**
 * Static QDQ: int8 per-channel weights, int32 biases and uint8 activations (QuantizeLinear →
 * DequantizeLinear pairs) around every Conv/Gemm/MatMul, with ranges from calibration.
 * Recurrent ops get int8 weights and keep float activations.
 */
export function rewriteStatic(graph: OnnxGraph, ranges: Map<string, Range>): OnnxGraph {
  const b = GraphBuilder.rewriting(graph);
  const rename = new Map<string, string>();
  const dqScale = new Map<string, number>();
  const quantized = new Map<string, string>();

  const qdq = (tensor: string, source: string): string | null => {
    const done = quantized.get(source);
    if (done) return done;
    const range = ranges.get(source);
    if (!range) return null;
    const p = activationParams(range.min, range.max);
    const scale = b.floatConst(`${source}_scale`, [], Float32Array.of(p.scale));
    const zero = b.addInitializer(`${source}_zero_point`, DataType.UINT8, [], Uint8Array.of(p.zeroPoint));
    const q = b.op('QuantizeLinear', [tensor, scale, zero], {}, `${source}_q`);
    const dq = b.op('DequantizeLinear', [q, scale, zero], {}, `${source}_dq`);
    dqScale.set(dq, p.scale);
    quantized.set(source, dq);
    return dq;
  };

  const outputTargets = new Set(graph.nodes.filter((n) => hasWeight(graph, n)).map((n) => outputToQuantize(graph, n)).filter((t): t is string => t !== null));

  for (const original of graph.nodes) {
    const node: OnnxNode = { ...original, inputs: original.inputs.map((i) => rename.get(i) ?? i) };
    if (hasWeight(graph, original)) {
      const { axis } = matrixOps[original.opType]!;
      const x = dqScale.has(node.inputs[0]!) ? node.inputs[0]! : qdq(node.inputs[0]!, original.inputs[0]!);
      const w = dequantizedWeight(b, original.inputs[1]!, axis);
      node.inputs[1] = w.name;
      if (x) {
        node.inputs[0] = x;
        const biasName = original.inputs[2];
        if (biasName && b.graph.initializers.has(biasName)) {
          const bias = quantizeBias(b.graph.initializers.get(biasName)!.data as Float32Array, dqScale.get(x)!, w.scales);
          const n = bias.values.length;
          const values = b.addInitializer(`${biasName}_int32`, DataType.INT32, [n], bias.values);
          const scale = b.floatConst(`${biasName}_scale`, [n], bias.scales);
          const zero = b.addInitializer(`${biasName}_zero_point`, DataType.INT32, [n], new Int32Array(n));
          node.inputs[2] = b.op('DequantizeLinear', [values, scale, zero], { axis: attr.int(0) }, `${biasName}_dq`);
        }
      }
    } else if (recurrentOps.has(original.opType)) {
      node.inputs[1] = dequantizedWeight(b, original.inputs[1]!, 1).name;
      node.inputs[2] = dequantizedWeight(b, original.inputs[2]!, 1).name;
    }
    b.graph.nodes.push(node);
    for (const out of original.outputs) {
      if (!outputTargets.has(out)) continue;
      const dq = qdq(out, out);
      if (dq) rename.set(out, dq);
    }
  }
  b.pruneInitializers();
  return b.graph;
}

/**
 * Dynamic quantisation: Gemm/MatMul quantise their input at run time (DynamicQuantizeLinear →
 * MatMulInteger with int8 per-channel weights, rescaled to float); Conv and recurrent ops keep
 * float activations with int8 weights. No calibration data needed.
 */
export function rewriteDynamic(graph: OnnxGraph): OnnxGraph {
  const b = GraphBuilder.rewriting(graph);
  for (const original of graph.nodes) {
    const node: OnnxNode = { ...original, inputs: [...original.inputs] };
    if (hasWeight(graph, original) && original.opType !== 'Conv') {
      const w = b.graph.initializers.get(original.inputs[1]!)!;
      const q = quantizeWeightsPerChannel(w.data as Float32Array, w.dims, 1);
      const base = original.name;
      const [xq, xScale, xZero] = b.addNode('DynamicQuantizeLinear', [original.inputs[0]!], {}, `${base}_dynq`, 3) as [string, string, string];
      const wq = b.addInitializer(`${original.inputs[1]}_int8`, DataType.INT8, w.dims, q.values);
      const wZero = b.addInitializer(`${original.inputs[1]}_zero_point`, DataType.INT8, [], Int8Array.of(0));
      const acc = b.op('MatMulInteger', [xq, wq, xZero, wZero], {}, `${base}_int`);
      const scales = b.op('Mul', [xScale, b.floatConst(`${original.inputs[1]}_scale`, [q.scales.length], q.scales)], {}, `${base}_scale`);
      const product = b.op('Mul', [b.op('Cast', [acc], { to: attr.int(DataType.FLOAT) }, `${base}_float`), scales], {}, `${base}_rescale`);
      const biasName = original.inputs[2];
      const inputs = biasName ? [product, biasName] : [product];
      b.graph.nodes.push({ name: b.uniqueName(`${base}_out`), opType: inputs.length === 2 ? 'Add' : 'Identity', inputs, outputs: [original.outputs[0]!], attributes: {} });
      continue;
    }
    if (original.opType === 'Conv' && b.graph.initializers.has(original.inputs[1]!)) {
      node.inputs[1] = dequantizedWeight(b, original.inputs[1]!, 0).name;
    } else if (recurrentOps.has(original.opType)) {
      node.inputs[1] = dequantizedWeight(b, original.inputs[1]!, 1).name;
      node.inputs[2] = dequantizedWeight(b, original.inputs[2]!, 1).name;
    }
    b.graph.nodes.push(node);
  }
  b.pruneInitializers();
  return b.graph;
}
