// What a model is, as data: enough to rebuild it exactly, smaller (pruned) or not.
//
// Input convention for every architecture: a batch x of shape [n, 2, L] float32 (row 0 = I,
// row 1 = Q), exactly as the store lays samples out. Each model reshapes/permutes inside
// itself, so the data path never needs to know which architecture it feeds. Every model
// outputs logits [n, C] (softmax is applied by the loss and by prediction), and names its
// classifier layer 'head'.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { TrainConfig } from '../train/config.ts';

export interface ModelSpec {
  arch: string;
  numClasses: number;
  /** samples per channel row (L) */
  length: number;
  /** architecture-specific knobs, e.g. {depth: 20} for resnet1d, {dropout: 0.5} */
  options?: Record<string, unknown>;
  /** removable units that survive pruning; undefined = all of them */
  keepUnits?: string[];
  /** filters/units per named layer, for channel pruning; missing names keep their default */
  widths?: Record<string, number>;
}

/** A unit layer pruning may drop as a whole without changing any other layer's shape. */
export interface RemovableUnit {
  id: string;
  /** names of the weight-carrying layers inside the unit */
  layers: string[];
}

export interface BuildOptions {
  /** seeds every initialiser and dropout mask; the same seed builds the same weights */
  seed?: number;
}

/** One entry of the model zoo: a builder and its pruning declaration. */
export interface Architecture {
  arch: string;
  title: string;
  /** options the builder reads, with their defaults (shown in the UI and CLI help) */
  defaults: Record<string, number>;
  /** builds an untrained model; layer names are deterministic so weights can be copied by name */
  build(spec: ModelSpec, opts: Required<BuildOptions>): LayersModel;
  removableUnits(spec: ModelSpec): RemovableUnit[];
  /** the architecture's own training recipe, where it has one: the defaults a training run starts from */
  recipe?: Partial<TrainConfig>;
}
