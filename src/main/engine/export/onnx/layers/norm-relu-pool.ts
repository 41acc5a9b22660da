import { INSTANCE_NORM_EPSILON } from '../../../ml/models/norm-relu-pool.ts';
import { attr } from '../graph-ir.ts';
import type { ConversionContext, ConvTensor } from '../conversion-context.ts';
import type { LayerCall } from './layer-converter.ts';

/** NormReluPool (the ConvNet block's tail) → InstanceNormalization (scale 1, bias 0), Relu, AveragePool 2. */
export function convertNormReluPool(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const x = ctx.asCf(call.inputs[0]!);
  const channels = call.inputs[0]!.shape.at(-1)!;
  const b = ctx.builder;
  const name = call.layer.name;
  const normed = b.op('InstanceNormalization', [
    x.name,
    b.floatConst(`${name}_scale`, [channels], new Float32Array(channels).fill(1)),
    b.floatConst(`${name}_bias`, [channels], new Float32Array(channels)),
  ], { epsilon: attr.float(INSTANCE_NORM_EPSILON) }, `${name}_norm`);
  const positive = b.op('Relu', [normed], {}, `${name}_relu`);
  // floor on an odd length, as the layer drops the last step
  const y = b.op('AveragePool', [positive], { kernel_shape: attr.ints([2]), strides: attr.ints([2]) }, name);
  return [{ name: y, shape: call.outputShapes[0]!, layout: 'cf' }];
}
