import type * as tfl from '@tensorflow/tfjs-layers';
import { AppError } from '../../../../shared/errors.ts';
import { attr, GraphBuilder } from './graph-ir.ts';

/**
 * A tensor during conversion. `shape` is the TF.js shape without the batch dimension; `layout`
 * says how the ONNX tensor stores it: 'tf' exactly as TF.js (channels last), 'cf' with the
 * channel axis moved right after the batch (what ONNX Conv/Pool/BatchNormalization expect).
 * Rank ≤ 2 tensors are the same in both layouts.
 */
export interface ConvTensor {
  name: string;
  shape: number[];
  layout: 'tf' | 'cf';
}

export interface LayerWeight {
  shape: number[];
  data: Float32Array;
}

/** A Conv/Gemm whose weights a following BatchNormalization may still fold into. */
export interface FoldTarget {
  weightName: string;
  biasName: string;
  /** axis of the output channel in the ONNX weight tensor (0 for Conv, 1 for Gemm's [in,out]) */
  channelAxis: number;
}

export class ConversionContext {
  readonly builder: GraphBuilder;
  /** consumers per TF.js symbolic tensor id, to know whether folding into a producer is safe */
  readonly consumerCount: Map<number, number>;
  readonly foldTargets = new Map<string, FoldTarget>();
  private readonly transposed = new Map<string, string>();

  constructor(builder: GraphBuilder, consumerCount: Map<number, number>) {
    this.builder = builder;
    this.consumerCount = consumerCount;
  }

  /** The tensor in TF.js layout, adding a Transpose when it is stored channels-first. */
  asTf(t: ConvTensor): ConvTensor {
    if (t.layout === 'tf' || t.shape.length < 2) return { ...t, layout: 'tf' };
    const r = t.shape.length + 1;
    const perm = [0, ...Array.from({ length: r - 2 }, (_, k) => k + 2), 1];
    return { name: this.transpose(t.name, perm, 'to_channels_last'), shape: t.shape, layout: 'tf' };
  }

  /** The tensor stored channels-first, adding a Transpose when it is in TF.js layout. */
  asCf(t: ConvTensor): ConvTensor {
    if (t.layout === 'cf' || t.shape.length < 2) return { ...t, layout: 'cf' };
    const r = t.shape.length + 1;
    const perm = [0, r - 1, ...Array.from({ length: r - 2 }, (_, k) => k + 1)];
    return { name: this.transpose(t.name, perm, 'to_channels_first'), shape: t.shape, layout: 'cf' };
  }

  private transpose(name: string, perm: number[], base: string): string {
    const key = `${name}|${perm.join(',')}`;
    let out = this.transposed.get(key);
    if (out === undefined) {
      out = this.builder.op('Transpose', [name], { perm: attr.ints(perm) }, base);
      this.transposed.set(key, out);
    }
    return out;
  }
}

/** The layer's weights by their short name ('kernel', 'bias', 'gamma', 'moving_mean', …). */
export function layerWeights(layer: tfl.layers.Layer): Map<string, LayerWeight> {
  const out = new Map<string, LayerWeight>();
  const values = layer.getWeights();
  layer.weights.forEach((w, k) => {
    const short = w.originalName.split('/').pop()!;
    const value = values[k]!;
    out.set(short, { shape: value.shape.slice(), data: Float32Array.from(value.dataSync() as Float32Array) });
  });
  return out;
}

export function requireWeight(layer: tfl.layers.Layer, weights: Map<string, LayerWeight>, name: string): LayerWeight {
  const w = weights.get(name);
  if (!w) throw new AppError('UNSUPPORTED', `layer ${layer.name} (${layer.getClassName()}): weight '${name}' not found`);
  return w;
}

/** Normalises a Keras int-or-list argument to a list of `rank` numbers. */
export function toList(value: unknown, rank: number, what: string): number[] {
  if (typeof value === 'number') return Array.from({ length: rank }, () => value);
  if (Array.isArray(value) && value.length === 1 && rank > 1) return Array.from({ length: rank }, () => Number(value[0]));
  if (Array.isArray(value) && value.length === rank) return value.map(Number);
  throw new AppError('UNSUPPORTED', `${what}: expected ${rank} values, found ${JSON.stringify(value)}`);
}

/**
 * Explicit ONNX pads ([begin…, end…]) for TF's 'same'/'valid' padding over static spatial sizes.
 * TF puts the odd extra pixel at the end, which ONNX's SAME_UPPER would too, but explicit pads
 * keep the file independent of auto_pad support in each runtime.
 */
export function spatialPads(padding: string, spatial: number[], kernel: number[], strides: number[], dilations: number[]): number[] {
  const begin: number[] = [];
  const end: number[] = [];
  spatial.forEach((size, k) => {
    if (padding === 'valid') {
      begin.push(0);
      end.push(0);
      return;
    }
    const effective = (kernel[k]! - 1) * dilations[k]! + 1;
    const out = Math.ceil(size / strides[k]!);
    const total = Math.max((out - 1) * strides[k]! + effective - size, 0);
    begin.push(Math.floor(total / 2));
    end.push(total - Math.floor(total / 2));
  });
  return [...begin, ...end];
}
