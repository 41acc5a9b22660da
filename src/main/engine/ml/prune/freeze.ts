// Partial-layer fine-tuning (partial-k, the recovery “Reassessing Layer Pruning in LLMs: New Insights and
// Methods” recommends): everything is frozen except the classifier head and the tail of the network from the
// k-th last remaining unit on. Frozen BatchNorm layers run in inference mode too, so fine-tuning leaves their
// running statistics alone.
import { AppError } from '../../../../shared/errors.ts';
import type { ModelSpec } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';
import { presentUnits } from './surgery.ts';

/**
 * Names of the layers partial-k leaves trainable: the head and every weight layer from the
 * first layer of the k-th last remaining unit to the output — so a fixed block sitting between
 * the kept units and the head (e.g. a ResNet stage's strided first block) is trained too.
 */
export function partialTrainableLayers(model: tfl.LayersModel, spec: ModelSpec, k: number, headLayer = 'head'): Set<string> {
  if (!Number.isInteger(k) || k < 0) throw new AppError('VALIDATION', `partial fine-tuning needs k ≥ 0 units, got ${k}`);
  const names = new Set([headLayer]);
  const units = presentUnits(spec);
  if (k === 0 || units.length === 0) return names;
  const from = units[Math.max(0, units.length - k)]!.layers[0]!;
  const start = model.layers.findIndex((l) => l.name === from);
  if (start < 0) throw new AppError('VALIDATION', `${model.name}: unit layer '${from}' is not in the model`);
  for (const layer of model.layers.slice(start)) if (layer.weights.length > 0) names.add(layer.name);
  return names;
}

/** Freezes one layer (BatchNorm also in inference mode); returns a function that undoes it. */
export function freezeLayer(layer: tfl.layers.Layer): () => void {
  layer.trainable = false;
  if (layer.getClassName() === 'BatchNormalization') {
    const own = Object.getPrototypeOf(layer).call as tfl.layers.Layer['call'];
    // an own property shadows the class's call until the thaw deletes it
    layer.call = (inputs, kwargs) => own.call(layer, inputs, { ...kwargs, training: false });
  }
  return () => {
    layer.trainable = true;
    delete (layer as { call?: unknown }).call;
  };
}

/** Freezes every layer not in `trainable`; returns a function that undoes it. */
export function freezeAllBut(model: tfl.LayersModel, trainable: ReadonlySet<string>): () => void {
  for (const name of trainable) {
    if (!model.layers.some((l) => l.name === name)) throw new AppError('VALIDATION', `${model.name}: cannot keep '${name}' trainable: no such layer`);
  }
  const thaws = model.layers.filter((l) => !trainable.has(l.name) && l.weights.length > 0).map(freezeLayer);
  const thawAll = (): void => thaws.forEach((thaw) => thaw());
  // what the optimiser will see must be exactly the weights of the layers left trainable
  const leaked = model.trainableWeights.map((w) => w.originalName).filter((n) => !trainable.has(n.slice(0, n.lastIndexOf('/'))));
  if (leaked.length > 0) {
    thawAll();
    throw new AppError('INTERNAL', `${model.name}: freezing left ${leaked.join(', ')} trainable`);
  }
  return thawAll;
}
