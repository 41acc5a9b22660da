// Real surgery: a pruned model is built from a smaller spec (physically fewer layers or
// filters) and takes every surviving weight from its parent by layer name.
import { AppError } from '../../../../shared/errors.ts';
import { readModelWeights, assignModelWeights, type NamedWeights } from '../persist/weights.ts';
import { buildModel, removableUnits } from '../models/registry.ts';
import type { ModelSpec, RemovableUnit } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';

/** The ids of the units `spec` still has, in model order. */
export function keptUnits(spec: ModelSpec): string[] {
  const all = removableUnits(spec).map((u) => u.id);
  if (spec.keepUnits === undefined) return all;
  const keep = new Set(spec.keepUnits);
  return all.filter((id) => keep.has(id));
}

/** The removable units `spec` still has, in model order. */
export function presentUnits(spec: ModelSpec): RemovableUnit[] {
  const kept = new Set(keptUnits(spec));
  return removableUnits(spec).filter((u) => kept.has(u.id));
}

/** The spec without the given units (which must be units the spec still has). */
export function specWithoutUnits(spec: ModelSpec, remove: readonly string[]): ModelSpec {
  const kept = keptUnits(spec);
  for (const id of remove) {
    if (!kept.includes(id)) throw new AppError('VALIDATION', `${spec.arch}: cannot remove unit '${id}': the model has no such unit (it has: ${kept.join(', ') || 'none'})`);
  }
  const gone = new Set(remove);
  return { ...spec, keepUnits: kept.filter((id) => !gone.has(id)) };
}

/** Builds `spec` and fills it with `weights` by name; every weight of the new model must be found. */
export function buildWithWeights(spec: ModelSpec, weights: NamedWeights, seed = 0): tfl.LayersModel {
  const model = buildModel(spec, { seed });
  try {
    assignModelWeights(model, weights, { strict: true, where: `weights for ${spec.arch}` });
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** Removes units from a trained model: a new, smaller model holding the parent's weights. */
export function removeUnits(parent: tfl.LayersModel, spec: ModelSpec, remove: readonly string[]): { spec: ModelSpec; model: tfl.LayersModel } {
  const smaller = specWithoutUnits(spec, remove);
  return { spec: smaller, model: buildWithWeights(smaller, readModelWeights(parent)) };
}
