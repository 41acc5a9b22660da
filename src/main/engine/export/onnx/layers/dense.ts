import { attr } from '../graph-ir.ts';
import { layerWeights, requireWeight, type ConversionContext, type ConvTensor } from '../conversion-context.ts';
import { applyActivation } from './fused-activation.ts';
import { stringConfig, type LayerCall } from './layer-converter.ts';

/** Dense → Gemm for [N, in] inputs, MatMul + Add when Dense acts on the last axis of a longer tensor. */
export function convertDense(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const x = ctx.asTf(call.inputs[0]!);
  const weights = layerWeights(call.layer);
  const kernel = requireWeight(call.layer, weights, 'kernel');
  const units = kernel.shape[1]!;
  const bias = weights.get('bias')?.data ?? new Float32Array(units);
  const b = ctx.builder;
  const weightName = b.floatConst(`${call.layer.name}_W`, kernel.shape, kernel.data);
  const biasName = b.floatConst(`${call.layer.name}_B`, [units], Float32Array.from(bias));
  const y = x.shape.length === 1
    ? b.op('Gemm', [x.name, weightName, biasName], { alpha: attr.float(1), beta: attr.float(1) }, call.layer.name)
    : b.op('Add', [b.op('MatMul', [x.name, weightName], {}, call.layer.name), biasName]);
  const activation = stringConfig(call, 'activation', 'linear');
  if (activation === 'linear') ctx.foldTargets.set(y, { weightName, biasName, channelAxis: 1 });
  return [applyActivation(ctx, { name: y, shape: call.outputShapes[0]!, layout: 'tf' }, activation, call.where)];
}
