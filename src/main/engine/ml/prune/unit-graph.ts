// Where a removable unit starts and ends in a built model, and a model that exposes those
// intermediate activations. Convention shared by every zoo builder: a unit's layers are named
// '<unit id>' or '<unit id>_…', its first weight layer reads the unit's input, and the last
// such layer in topological order produces the unit's output.
import { AppError } from '../../../../shared/errors.ts';
import type { RemovableUnit } from '../models/spec.ts';
import { tf, tfl } from '../tfjs.ts';

type Sym = tfl.SymbolicTensor;

export interface UnitBoundary {
  unit: RemovableUnit;
  input: Sym;
  output: Sym;
}

function belongsTo(layerName: string, unitId: string): boolean {
  return layerName === unitId || layerName.startsWith(`${unitId}_`);
}

export function unitBoundary(model: tfl.LayersModel, unit: RemovableUnit): UnitBoundary {
  const first = unit.layers[0];
  if (first === undefined) throw new AppError('VALIDATION', `${model.name}: removable unit '${unit.id}' lists no layers`);
  let firstLayer: tfl.layers.Layer;
  try {
    firstLayer = model.getLayer(first);
  } catch {
    throw new AppError('VALIDATION', `${model.name}: removable unit '${unit.id}' names layer '${first}', which the model does not have`);
  }
  const input = firstLayer.input as Sym | Sym[];
  if (Array.isArray(input)) throw new AppError('VALIDATION', `${model.name}: unit '${unit.id}' starts at '${first}', which has several inputs`);
  const last = [...model.layers].reverse().find((l) => belongsTo(l.name, unit.id))!;
  return { unit, input, output: last.output as Sym };
}

/** Reads intermediate activations: one n × p Float32Array per requested tensor, in order. */
export type Tap = (x: Float32Array, n: number, length: number) => Float32Array[];

/**
 * A tap over `tensors` (repeats allowed: one unit's output is often the next one's input),
 * through a model that shares `model`'s layers and weights and so owns nothing to dispose.
 */
export function createTap(model: tfl.LayersModel, tensors: readonly Sym[]): Tap {
  const unique = [...new Set(tensors)];
  const slot = tensors.map((t) => unique.indexOf(t));
  const tapped = tfl.model({ inputs: model.inputs, outputs: unique });
  return (x, n, length) =>
    tf.tidy(() => {
      const out = tapped.apply(tf.tensor3d(x, [n, 2, length]), { training: false }) as tf.Tensor | tf.Tensor[];
      const values = (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
      return slot.map((k) => values[k]!);
    });
}
