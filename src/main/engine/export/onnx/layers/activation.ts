import { AppError } from '../../../../../shared/errors.ts';
import { attr } from '../graph-ir.ts';
import { layerWeights, requireWeight, type ConversionContext, type ConvTensor } from '../conversion-context.ts';
import { applyActivation } from './fused-activation.ts';
import { stringConfig, type LayerCall } from './layer-converter.ts';

/** Activation, ReLU, LeakyReLU, ELU, Softmax, ThresholdedReLU and PReLU layers. */
export function convertActivationLayer(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const x = call.inputs[0]!;
  const b = ctx.builder;
  const same = (name: string): ConvTensor[] => [{ ...x, name, shape: call.outputShapes[0]! }];
  const cfg = call.config;
  switch (call.className) {
    case 'Activation':
      return [applyActivation(ctx, x, stringConfig(call, 'activation', 'linear'), call.where)];
    case 'ReLU': {
      if (cfg.maxValue == null) return same(b.op('Relu', [x.name], {}, call.layer.name));
      const zero = b.floatConst('zero', [], Float32Array.of(0));
      const max = b.floatConst(`${call.layer.name}_max`, [], Float32Array.of(Number(cfg.maxValue)));
      return same(b.op('Clip', [x.name, zero, max], {}, call.layer.name));
    }
    case 'LeakyReLU':
      return same(b.op('LeakyRelu', [x.name], { alpha: attr.float(Number(cfg.alpha ?? 0.3)) }, call.layer.name));
    case 'ELU':
      return same(b.op('Elu', [x.name], { alpha: attr.float(Number(cfg.alpha ?? 1)) }, call.layer.name));
    case 'ThresholdedReLU':
      return same(b.op('ThresholdedRelu', [x.name], { alpha: attr.float(Number(cfg.theta ?? 1)) }, call.layer.name));
    case 'Softmax': {
      const rank = x.shape.length + 1;
      const axis = Number(Array.isArray(cfg.axis) ? cfg.axis[0] : cfg.axis ?? -1);
      if ((axis + rank) % rank !== rank - 1) throw new AppError('UNSUPPORTED', `${call.where}: softmax over axis ${axis}`);
      return [applyActivation(ctx, x, 'softmax', call.where)];
    }
    case 'PReLU': {
      const tf = ctx.asTf(x);
      const alpha = requireWeight(call.layer, layerWeights(call.layer), 'alpha');
      const slope = b.floatConst(`${call.layer.name}_alpha`, alpha.shape, alpha.data);
      return [{ ...tf, name: b.op('PRelu', [tf.name, slope], {}, call.layer.name), shape: call.outputShapes[0]! }];
    }
    default:
      throw new AppError('UNSUPPORTED', `${call.where}: no ONNX mapping`);
  }
}
