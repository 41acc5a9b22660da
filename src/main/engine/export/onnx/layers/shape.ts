import { AppError } from '../../../../../shared/errors.ts';
import { attr } from '../graph-ir.ts';
import type { ConversionContext, ConvTensor } from '../conversion-context.ts';
import { stringConfig, type LayerCall } from './layer-converter.ts';

// Shape layers follow TF.js (channels-last) element order, so their input is made channels-last first.

export function convertFlatten(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const x = ctx.asTf(call.inputs[0]!);
  return [{ name: ctx.builder.op('Flatten', [x.name], { axis: attr.int(1) }, call.layer.name), shape: call.outputShapes[0]!, layout: 'tf' }];
}

export function convertReshape(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const x = ctx.asTf(call.inputs[0]!);
  const shape = call.outputShapes[0]!;
  const b = ctx.builder;
  const y = b.op('Reshape', [x.name, b.int64Const(`${call.layer.name}_shape`, [-1, ...shape])], {}, call.layer.name);
  return [{ name: y, shape, layout: 'tf' }];
}

export function convertPermute(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const x = ctx.asTf(call.inputs[0]!);
  const dims = (call.config.dims as number[]).map(Number);
  const y = ctx.builder.op('Transpose', [x.name], { perm: attr.ints([0, ...dims]) }, call.layer.name);
  return [{ name: y, shape: call.outputShapes[0]!, layout: 'tf' }];
}

/** ZeroPadding2D → Pad in whichever layout the tensor is stored. */
export function convertZeroPadding(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const input = call.inputs[0]!;
  if (stringConfig(call, 'dataFormat', 'channelsLast') === 'channelsFirst') {
    throw new AppError('UNSUPPORTED', `${call.where}: channels-first zero padding`);
  }
  const raw = call.config.padding;
  let hw: number[][];
  if (typeof raw === 'number') hw = [[raw, raw], [raw, raw]];
  else if (Array.isArray(raw) && raw.every((p) => typeof p === 'number')) hw = [[raw[0], raw[0]], [raw[1], raw[1]]];
  else hw = raw as number[][];
  const [[top, bottom], [left, right]] = hw as [[number, number], [number, number]];
  const pads = input.layout === 'cf'
    ? [0, 0, top, left, 0, 0, bottom, right]
    : [0, top, left, 0, 0, bottom, right, 0];
  const b = ctx.builder;
  const y = b.op('Pad', [input.name, b.int64Const(`${call.layer.name}_pads`, pads)], { mode: attr.string('constant') }, call.layer.name);
  return [{ name: y, shape: call.outputShapes[0]!, layout: input.layout }];
}

/** Layers that do nothing at inference (dropout and noise). */
export function convertIdentity(_ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  return [{ ...call.inputs[0]!, shape: call.outputShapes[0]! }];
}

/** The project's ZeroPad1D (symmetric padding of the time axis of [N, L, C]) → Pad. */
export function convertZeroPad1D(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const input = call.inputs[0]!;
  const pad = Number(call.config.pad);
  const pads = input.layout === 'cf' ? [0, 0, pad, 0, 0, pad] : [0, pad, 0, 0, pad, 0];
  const b = ctx.builder;
  const y = b.op('Pad', [input.name, b.int64Const(`${call.layer.name}_pads`, pads)], { mode: attr.string('constant') }, call.layer.name);
  return [{ name: y, shape: call.outputShapes[0]!, layout: input.layout }];
}

/** Cropping2D (channels last) → Slice of the two spatial axes, wherever they are stored. */
export function convertCropping2D(ctx: ConversionContext, call: LayerCall): ConvTensor[] {
  const input = call.inputs[0]!;
  if (stringConfig(call, 'dataFormat', 'channelsLast') === 'channelsFirst') {
    throw new AppError('UNSUPPORTED', `${call.where}: channels-first cropping`);
  }
  const [[top, bottom], [left, right]] = call.config.cropping as [[number, number], [number, number]];
  const [h, w] = input.shape as [number, number];
  const axes = input.layout === 'cf' ? [2, 3] : [1, 2];
  const b = ctx.builder;
  const name = call.layer.name;
  const y = b.op('Slice', [
    input.name,
    b.int64Const(`${name}_starts`, [top, left]),
    b.int64Const(`${name}_ends`, [h - bottom, w - right]),
    b.int64Const(`${name}_axes`, axes),
  ], {}, name);
  return [{ name: y, shape: call.outputShapes[0]!, layout: input.layout }];
}
