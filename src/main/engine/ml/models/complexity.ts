// Model size and cost from layer shapes, counted the way PyTorch users count them.
import { tfl } from '../tfjs.ts';
import { countsMacs } from './counts-macs.ts';
import { buildModel } from './registry.ts';
import type { ModelSpec } from './spec.ts';

function product(dims: readonly (number | null)[]): number {
  return dims.reduce<number>((p, d) => p * (d ?? 1), 1);
}

/**
 * Trainable parameters (weights and biases, BN γ/β). BN running statistics are buffers,
 * not parameters, in PyTorch; pass {includeBuffers: true} to count them too.
 */
export function countParams(model: tfl.LayersModel, opts: { includeBuffers?: boolean } = {}): number {
  const weights = opts.includeBuffers ? model.weights : model.trainableWeights;
  return weights.reduce((n, w) => n + product(w.shape), 0);
}

/** Trainable parameters and every stored weight (BN running statistics too): the two counts people quote. */
export function parameterCounts(model: tfl.LayersModel): { trainable: number; total: number } {
  return { trainable: countParams(model), total: countParams(model, { includeBuffers: true }) };
}

function kernelShape(layer: tfl.layers.Layer, suffix: string): number[] | undefined {
  return layer.weights.find((w) => w.originalName.endsWith(`/${suffix}`))?.shape as number[] | undefined;
}

function outputShape(layer: tfl.layers.Layer): (number | null)[] {
  return layer.outputShape as (number | null)[];
}

/** Multiply-accumulates of one call of a layer for one sample; element-wise layers (BN, ReLU, add) count 0. */
function callMacs(layer: tfl.layers.Layer): number {
  const kernel = kernelShape(layer, 'kernel');
  if (!kernel) return 0;
  switch (layer.getClassName()) {
    case 'Conv1D':
    case 'Conv2D': {
      // each output element takes one MAC per kernel tap and input channel
      const out = outputShape(layer);
      return product(out.slice(1)) * product(kernel.slice(0, -1));
    }
    case 'Dense': {
      const out = outputShape(layer);
      const rows = product(out.slice(1, -1));
      return rows * kernel[0]! * kernel[1]!;
    }
    case 'LSTM':
    case 'GRU': {
      const shapes = layer.inboundNodes[0]?.inputShapes ?? [];
      const input = (Array.isArray(shapes[0]) ? shapes[0] : shapes) as (number | null)[];
      const steps = input[1] ?? 1;
      const recurrent = kernelShape(layer, 'recurrent_kernel') ?? [0, 0];
      return steps * (product(kernel) + product(recurrent));
    }
    default:
      return 0;
  }
}

/** A layer's multiply-accumulates over all its calls (a layer shared by two branches runs twice). */
function layerMacs(layer: tfl.layers.Layer): number {
  if (countsMacs(layer)) {
    return layer.inboundNodes.reduce((n, node) => {
      const shapes = node.inputShapes;
      return n + layer.macsPerSample((Array.isArray(shapes[0]) ? shapes : [shapes]) as (number | null)[][]);
    }, 0);
  }
  return callMacs(layer) * Math.max(1, layer.inboundNodes.length);
}

/** Multiply-accumulates per sample (one forward pass of one [2, L] input). */
export function countMacs(target: tfl.LayersModel | ModelSpec): number {
  if (target instanceof tfl.LayersModel) return target.layers.reduce((n, l) => n + layerMacs(l), 0);
  const model = buildModel(target);
  try {
    return countMacs(model);
  } finally {
    model.dispose();
  }
}
