import type * as tfl from '@tensorflow/tfjs-layers';
import type { ConversionContext, ConvTensor } from '../conversion-context.ts';

/** One call of one layer, as the converter sees it. */
export interface LayerCall {
  layer: tfl.layers.Layer;
  className: string;
  config: Record<string, unknown>;
  inputs: ConvTensor[];
  /** ids of the TF.js symbolic tensors behind `inputs` (for consumer counts) */
  inputIds: number[];
  /** TF.js output shapes without the batch dimension */
  outputShapes: number[][];
  /** 'layer conv2d_1 (Conv2D)', for error messages */
  where: string;
}

export type LayerConverter = (ctx: ConversionContext, call: LayerCall) => ConvTensor[];

/** Reorders a row-major tensor's axes (like numpy.transpose). */
export function permuteWeight(data: Float32Array, shape: number[], perm: number[]): { data: Float32Array; shape: number[] } {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]!);
  const inStrides = new Array<number>(rank);
  let s = 1;
  for (let k = rank - 1; k >= 0; k--) {
    inStrides[k] = s;
    s *= shape[k]!;
  }
  const out = new Float32Array(data.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let k = 0; k < rank; k++) src += index[k]! * inStrides[perm[k]!]!;
    out[o] = data[src]!;
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k]! < outShape[k]!) break;
      index[k] = 0;
    }
  }
  return { data: out, shape: outShape };
}

export function stringConfig(call: LayerCall, key: string, fallback: string): string {
  const v = call.config[key];
  return typeof v === 'string' ? v : fallback;
}
