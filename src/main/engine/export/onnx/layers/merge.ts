import { AppError } from '../../../../../shared/errors.ts';
import { attr } from '../graph-ir.ts';
import type { ConversionContext, ConvTensor } from '../conversion-context.ts';
import type { LayerCall } from './layer-converter.ts';

const binaryOps: Record<string, string> = { Add: 'Add', Subtract: 'Sub', Multiply: 'Mul', Average: 'Add', Maximum: 'Max', Minimum: 'Min' };

/** Brings all inputs to one layout: channels-first when any already is (saves transposes in residual blocks). */
function commonLayout(ctx: ConversionContext, inputs: ConvTensor[]): ConvTensor[] {
  const anyCf = inputs.some((t) => t.layout === 'cf' && t.shape.length >= 2);
  return inputs.map((t) => (anyCf ? ctx.asCf(t) : ctx.asTf(t)));
}

/** Add, Subtract, Multiply, Average, Maximum, Minimum: element-wise over all inputs. */
export function convertMerge(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const op = binaryOps[call.className];
  if (!op) throw new AppError('UNSUPPORTED', `${call.where}: no ONNX mapping`);
  const inputs = commonLayout(ctx, call.inputs);
  const b = ctx.builder;
  let acc = inputs[0]!.name;
  for (const t of inputs.slice(1)) acc = b.op(op, [acc, t.name], {}, call.layer.name);
  if (call.className === 'Average') acc = b.op('Mul', [acc, b.floatConst(`${call.layer.name}_mean`, [], Float32Array.of(1 / inputs.length))]);
  return [{ name: acc, shape: call.outputShapes[0]!, layout: inputs[0]!.layout }];
}

export function convertConcatenate(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const inputs = commonLayout(ctx, call.inputs);
  const rank = inputs[0]!.shape.length + 1;
  const tfAxis = (Number(call.config.axis ?? -1) + rank) % rank;
  // In channels-first storage the TF.js channel axis sits at 1 and the others shift right by one.
  const axis = inputs[0]!.layout === 'cf' && rank > 2 && tfAxis > 0 ? (tfAxis === rank - 1 ? 1 : tfAxis + 1) : tfAxis;
  const y = ctx.builder.op('Concat', inputs.map((t) => t.name), { axis: attr.int(axis) }, call.layer.name);
  return [{ name: y, shape: call.outputShapes[0]!, layout: inputs[0]!.layout }];
}
