// Channel-pruning baseline (the comparison of “A Generic Layer Pruning Method for Signal Modulation
// Recognition Deep Learning Models”): per prunable conv layer, drop the filters with the smallest L1 norm at
// a ratio. The smaller model is built from a spec with fewer filters (`spec.widths`); surviving filters are
// copied with their bias, the matching BatchNorm entries, and the matching input channels of the next weight
// layer.
import { AppError } from '../../../../shared/errors.ts';
import type { ModelSpec } from '../models/spec.ts';
import { readModelWeights, type NamedWeights } from '../persist/weights.ts';
import type { tfl } from '../tfjs.ts';
import { buildWithWeights } from './surgery.ts';

/** Layers that act per channel, so a dropped channel simply passes through them. */
const channelwise = new Set([
  'BatchNormalization', 'Activation', 'ReLU', 'Dropout', 'SeededDropout', 'ZeroPad1D',
  'MaxPooling1D', 'MaxPooling2D', 'AveragePooling1D', 'AveragePooling2D',
  'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D',
]);
const weightLayers = new Set(['Conv1D', 'Conv2D', 'Dense']);

export interface PrunableConv {
  layer: string;
  filters: number;
  /** BatchNorm layers between this conv and its consumers */
  norms: string[];
  /** weight layers whose input channels are this conv's filters */
  consumers: string[];
}

function followChannels(layer: tfl.layers.Layer, norms: string[], consumers: string[]): boolean {
  const next = layer.outboundNodes.map((n) => n.outboundLayer);
  if (next.length === 0) return false; // a model output: its width is fixed
  for (const l of next) {
    const kind = l.getClassName();
    if (weightLayers.has(kind)) consumers.push(l.name);
    else if (channelwise.has(kind)) {
      if (kind === 'BatchNormalization') norms.push(l.name);
      if (!followChannels(l, norms, consumers)) return false;
    } else return false; // add, concatenate, flatten, recurrent…: the width is tied elsewhere
  }
  return true;
}

/** Conv layers whose filters can be dropped without touching any residual sum or reshape. */
export function prunableConvs(model: tfl.LayersModel): PrunableConv[] {
  const out: PrunableConv[] = [];
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind !== 'Conv1D' && kind !== 'Conv2D') continue;
    const norms: string[] = [];
    const consumers: string[] = [];
    if (!followChannels(layer, norms, consumers) || consumers.length === 0) continue;
    const kernel = layer.getWeights()[0]!;
    out.push({ layer: layer.name, filters: kernel.shape[kernel.shape.length - 1]!, norms, consumers });
  }
  return out;
}

/** L1 norm of every output filter of a conv kernel [..., in, out]. */
export function filterL1Norms(values: Float32Array, shape: number[]): Float64Array {
  const filters = shape[shape.length - 1]!;
  const norms = new Float64Array(filters);
  for (let i = 0; i < values.length; i++) norms[i % filters]! += Math.abs(values[i]!);
  return norms;
}

/** Indices of the `keep` largest-L1 filters, ascending (ties keep the earlier filter). */
export function strongestFilters(norms: Float64Array, keep: number): number[] {
  return Array.from(norms, (v, i) => ({ v, i }))
    .sort((a, b) => b.v - a.v || a.i - b.i)
    .slice(0, keep)
    .map((e) => e.i)
    .sort((a, b) => a - b);
}

/** Keeps the entries `idx` of `axis` of a row-major tensor. */
function takeAlong(values: Float32Array, shape: number[], axis: number, idx: number[]): { shape: number[]; values: Float32Array } {
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const dim = shape[axis]!;
  const out = new Float32Array(outer * idx.length * inner);
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (const k of idx) {
      const from = (o * dim + k) * inner;
      out.set(values.subarray(from, from + inner), at);
      at += inner;
    }
  }
  const next = [...shape];
  next[axis] = idx.length;
  return { shape: next, values: out };
}

export interface ChannelPruneResult {
  spec: ModelSpec;
  model: tfl.LayersModel;
  /** conv layer → kept filter indices of the parent */
  kept: Record<string, number[]>;
}

export function channelPrune(parent: tfl.LayersModel, spec: ModelSpec, ratio: number): ChannelPruneResult {
  if (!(ratio >= 0 && ratio < 1)) throw new AppError('VALIDATION', `channel pruning ratio must be in [0, 1), got ${ratio}`);
  const convs = prunableConvs(parent);
  if (convs.length === 0) throw new AppError('UNSUPPORTED', `${spec.arch}: no conv layer whose filters can be pruned independently`);
  const weights = readModelWeights(parent);
  const kept: Record<string, number[]> = {};
  // weight name → axis → kept indices
  const cuts = new Map<string, Map<number, number[]>>();
  const cut = (name: string, axis: (rank: number) => number, idx: number[]): void => {
    const w = weights.get(name);
    if (!w) return;
    if (!cuts.has(name)) cuts.set(name, new Map());
    cuts.get(name)!.set(axis(w.shape.length), idx);
  };
  const widths: Record<string, number> = { ...spec.widths };
  for (const c of convs) {
    const kernel = weights.get(`${c.layer}/kernel`)!;
    const keep = Math.max(1, c.filters - Math.round(ratio * c.filters));
    const idx = strongestFilters(filterL1Norms(kernel.values, kernel.shape), keep);
    kept[c.layer] = idx;
    widths[c.layer] = keep;
    cut(`${c.layer}/kernel`, (r) => r - 1, idx);
    cut(`${c.layer}/bias`, () => 0, idx);
    for (const bn of c.norms) for (const v of ['gamma', 'beta', 'moving_mean', 'moving_variance']) cut(`${bn}/${v}`, () => 0, idx);
    for (const next of c.consumers) cut(`${next}/kernel`, (r) => r - 2, idx);
  }
  const sliced: NamedWeights = new Map();
  for (const [name, w] of weights) {
    let value = w;
    for (const [axis, idx] of cuts.get(name) ?? []) value = takeAlong(value.values, value.shape, axis, idx);
    sliced.set(name, value);
  }
  const smaller: ModelSpec = { ...spec, widths };
  let model: tfl.LayersModel;
  try {
    model = buildWithWeights(smaller, sliced);
  } catch (e) {
    if (e instanceof AppError && e.code === 'BAD_FILE') {
      throw new AppError('UNSUPPORTED', `${spec.arch}: the builder does not honour filter widths for every prunable conv (${e.message})`);
    }
    throw e;
  }
  return { spec: smaller, model, kept };
}
