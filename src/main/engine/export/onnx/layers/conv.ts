import { AppError } from '../../../../../shared/errors.ts';
import { attr } from '../graph-ir.ts';
import { layerWeights, requireWeight, spatialPads, toList, type ConversionContext, type ConvTensor } from '../conversion-context.ts';
import { applyActivation } from './fused-activation.ts';
import { permuteWeight, stringConfig, type LayerCall } from './layer-converter.ts';

/** Conv1D / Conv2D → ONNX Conv on channels-first data; the kernel is permuted to [out, in, k…]. */
export function convertConv(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const rank = call.className === 'Conv1D' ? 1 : 2;
  const channelsFirst = stringConfig(call, 'dataFormat', 'channelsLast') === 'channelsFirst';
  const input = call.inputs[0]!;
  // A channels-first Keras layer already sees ONNX order in the TF.js layout.
  const x = channelsFirst ? ctx.asTf(input) : ctx.asCf(input);
  const spatial = channelsFirst ? input.shape.slice(1) : input.shape.slice(0, rank);
  const kernelSize = toList(call.config.kernelSize, rank, `${call.where} kernelSize`);
  const strides = toList(call.config.strides ?? 1, rank, `${call.where} strides`);
  const dilations = toList(call.config.dilationRate ?? 1, rank, `${call.where} dilationRate`);
  const padding = stringConfig(call, 'padding', 'valid');
  if (padding !== 'same' && padding !== 'valid') throw new AppError('UNSUPPORTED', `${call.where}: padding '${padding}'`);
  const pads = spatialPads(padding, spatial, kernelSize, strides, dilations);

  const weights = layerWeights(call.layer);
  const kernel = requireWeight(call.layer, weights, 'kernel');
  // TF.js kernel [k…, in, out] → ONNX [out, in, k…]
  const perm = [rank + 1, rank, ...Array.from({ length: rank }, (_, k) => k)];
  const w = permuteWeight(kernel.data, kernel.shape, perm);
  const outChannels = w.shape[0]!;
  const bias = weights.get('bias')?.data ?? new Float32Array(outChannels);
  const b = ctx.builder;
  const weightName = b.floatConst(`${call.layer.name}_W`, w.shape, w.data);
  const biasName = b.floatConst(`${call.layer.name}_B`, [outChannels], Float32Array.from(bias));
  const y = b.op('Conv', [x.name, weightName, biasName], {
    kernel_shape: attr.ints(kernelSize),
    strides: attr.ints(strides),
    dilations: attr.ints(dilations),
    pads: attr.ints(pads),
    group: attr.int(1),
  }, call.layer.name);
  const out: ConvTensor = { name: y, shape: call.outputShapes[0]!, layout: channelsFirst ? 'tf' : 'cf' };
  const activation = stringConfig(call, 'activation', 'linear');
  if (activation === 'linear' && !channelsFirst) ctx.foldTargets.set(y, { weightName, biasName, channelAxis: 0 });
  return [applyActivation(ctx, out, activation, call.where)];
}
