import { AppError } from '../../../../../shared/errors.ts';
import { attr, elementCount } from '../graph-ir.ts';
import { layerWeights, requireWeight, type ConversionContext, type ConvTensor } from '../conversion-context.ts';
import type { LayerCall } from './layer-converter.ts';

/**
 * BatchNormalization (inference form). Folded into the Conv/Dense that produced its input when
 * that producer has no activation and feeds nothing else; otherwise an ONNX BatchNormalization.
 */
export function convertBatchNorm(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const input = call.inputs[0]!;
  const rank = input.shape.length + 1;
  const rawAxis = Array.isArray(call.config.axis) ? call.config.axis : [call.config.axis ?? -1];
  if (rawAxis.length !== 1) throw new AppError('UNSUPPORTED', `${call.where}: normalisation over several axes`);
  const axis = (Number(rawAxis[0]) + rank) % rank;
  const weights = layerWeights(call.layer);
  const mean = requireWeight(call.layer, weights, 'moving_mean').data;
  const variance = requireWeight(call.layer, weights, 'moving_variance').data;
  const channels = mean.length;
  const gamma = weights.get('gamma')?.data ?? new Float32Array(channels).fill(1);
  const beta = weights.get('beta')?.data ?? new Float32Array(channels);
  const epsilon = Number(call.config.epsilon ?? 1e-3);

  const target = ctx.foldTargets.get(input.name);
  if (target && axis === rank - 1 && ctx.consumerCount.get(call.inputIds[0]!) === 1) {
    const init = ctx.builder.graph.initializers;
    const w = init.get(target.weightName)!;
    const bias = init.get(target.biasName)!.data as Float32Array;
    const wData = w.data as Float32Array;
    const inner = elementCount(w.dims.slice(target.channelAxis + 1));
    for (let c = 0; c < channels; c++) {
      const scale = gamma[c]! / Math.sqrt(variance[c]! + epsilon);
      bias[c] = (bias[c]! - mean[c]!) * scale + beta[c]!;
      for (let i = c * inner; i < wData.length; i += channels * inner) {
        for (let j = 0; j < inner; j++) wData[i + j] = wData[i + j]! * scale;
      }
    }
    return [{ ...input, shape: call.outputShapes[0]! }];
  }

  let x: ConvTensor;
  if (axis === rank - 1) x = ctx.asCf(input);
  else if (axis === 1 && rank > 2) x = ctx.asTf(input);
  else throw new AppError('UNSUPPORTED', `${call.where}: normalisation over axis ${axis} of a rank-${rank} tensor`);
  const b = ctx.builder;
  const name = call.layer.name;
  const y = b.op('BatchNormalization', [
    x.name,
    b.floatConst(`${name}_scale`, [channels], Float32Array.from(gamma)),
    b.floatConst(`${name}_bias`, [channels], Float32Array.from(beta)),
    b.floatConst(`${name}_mean`, [channels], Float32Array.from(mean)),
    b.floatConst(`${name}_var`, [channels], Float32Array.from(variance)),
  ], { epsilon: attr.float(epsilon) }, name);
  return [{ name: y, shape: call.outputShapes[0]!, layout: x.layout }];
}
