import { attr } from '../graph-ir.ts';
import { spatialPads, toList, type ConversionContext, type ConvTensor } from '../conversion-context.ts';
import { stringConfig, type LayerCall } from './layer-converter.ts';

/** Max/AveragePooling1D/2D → MaxPool/AveragePool on channels-first data. */
export function convertPool(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const rank = call.className.endsWith('1D') ? 1 : 2;
  const channelsFirst = stringConfig(call, 'dataFormat', 'channelsLast') === 'channelsFirst';
  const input = call.inputs[0]!;
  const x = channelsFirst ? ctx.asTf(input) : ctx.asCf(input);
  const spatial = channelsFirst ? input.shape.slice(1) : input.shape.slice(0, rank);
  const kernel = toList(call.config.poolSize, rank, `${call.where} poolSize`);
  const strides = toList(call.config.strides ?? call.config.poolSize, rank, `${call.where} strides`);
  const padding = stringConfig(call, 'padding', 'valid');
  const pads = spatialPads(padding, spatial, kernel, strides, kernel.map(() => 1));
  const op = call.className.startsWith('Max') ? 'MaxPool' : 'AveragePool';
  // count_include_pad = 0 matches TF, which averages only over real values at the borders.
  const y = ctx.builder.op(op, [x.name], {
    kernel_shape: attr.ints(kernel),
    strides: attr.ints(strides),
    pads: attr.ints(pads),
  }, call.layer.name);
  return [{ name: y, shape: call.outputShapes[0]!, layout: channelsFirst ? 'tf' : 'cf' }];
}

/** GlobalAverage/MaxPooling1D/2D → GlobalAveragePool/GlobalMaxPool + Flatten to [N, C]. */
export function convertGlobalPool(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const channelsFirst = stringConfig(call, 'dataFormat', 'channelsLast') === 'channelsFirst';
  const input = call.inputs[0]!;
  const x = channelsFirst ? ctx.asTf(input) : ctx.asCf(input);
  const op = call.className.startsWith('GlobalMax') ? 'GlobalMaxPool' : 'GlobalAveragePool';
  const b = ctx.builder;
  const pooled = b.op(op, [x.name], {}, call.layer.name);
  return [{ name: b.op('Flatten', [pooled], { axis: attr.int(1) }), shape: call.outputShapes[0]!, layout: 'tf' }];
}
