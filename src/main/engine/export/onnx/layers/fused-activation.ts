import { AppError } from '../../../../../shared/errors.ts';
import { attr } from '../graph-ir.ts';
import type { ConversionContext, ConvTensor } from '../conversion-context.ts';

/** Applies a Keras activation by name; element-wise ones keep the tensor's layout. */
export function applyActivation(ctx: ConversionContext, t: ConvTensor, activation: string | undefined, where: string): ConvTensor {
  const b = ctx.builder;
  const same = (name: string): ConvTensor => ({ ...t, name });
  switch (activation ?? 'linear') {
    case 'linear':
      return t;
    case 'relu':
      return same(b.op('Relu', [t.name]));
    case 'relu6':
      return same(b.op('Clip', [t.name, b.floatConst('zero', [], Float32Array.of(0)), b.floatConst('six', [], Float32Array.of(6))]));
    case 'sigmoid':
      return same(b.op('Sigmoid', [t.name]));
    case 'tanh':
      return same(b.op('Tanh', [t.name]));
    case 'hardSigmoid':
      // TF.js: clip(0.2·x + 0.5, 0, 1), which is ONNX HardSigmoid's default.
      return same(b.op('HardSigmoid', [t.name], { alpha: attr.float(0.2), beta: attr.float(0.5) }));
    case 'elu':
      return same(b.op('Elu', [t.name], { alpha: attr.float(1) }));
    case 'selu':
      return same(b.op('Selu', [t.name]));
    case 'softplus':
      return same(b.op('Softplus', [t.name]));
    case 'softsign':
      return same(b.op('Softsign', [t.name]));
    case 'swish':
      return same(b.op('Mul', [t.name, b.op('Sigmoid', [t.name])]));
    case 'mish':
      return same(b.op('Mul', [t.name, b.op('Tanh', [b.op('Softplus', [t.name])])]));
    case 'softmax':
    case 'logSoftmax': {
      // Keras normalises over the last TF.js axis, so the tensor must be channels-last.
      const tf = ctx.asTf(t);
      const op = activation === 'softmax' ? 'Softmax' : 'LogSoftmax';
      return { ...tf, name: b.op(op, [tf.name], { axis: attr.int(-1) }) };
    }
    default:
      throw new AppError('UNSUPPORTED', `${where}: activation '${activation}' has no ONNX mapping`);
  }
}
