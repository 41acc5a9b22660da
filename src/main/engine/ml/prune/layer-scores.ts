// Scores per named layer, and the sum over a unit's layers: the common currency of every
// weight-based selection metric (magnitude, taylor, SynFlow).
import type { RemovableUnit } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';

/** layer name → score */
export type LayerScores = Map<string, number>;

/** unit id → score; a unit scoring low is removed first */
export type UnitScores = Map<string, number>;

export function unitScoresFromLayers(units: readonly RemovableUnit[], layers: LayerScores): UnitScores {
  return new Map(units.map((u) => [u.id, u.layers.reduce((s, name) => s + (layers.get(name) ?? 0), 0)]));
}

/** The layer a trainable weight belongs to, from its stable name '<layer>/<weight>'. */
export function layerOfWeight(w: tfl.LayerVariable): string {
  const name = w.originalName;
  const slash = name.lastIndexOf('/');
  return slash < 0 ? name : name.slice(0, slash);
}

/**
 * Σ |w|^p over each layer's kernels (conv/dense/recurrent kernels and biases; BN's γ/β and
 * running statistics are rescalings, not connection weights, and are left out).
 */
export function magnitudeScores(model: tfl.LayersModel, p: 1 | 2): LayerScores {
  const scores: LayerScores = new Map();
  for (const w of model.trainableWeights) {
    const kind = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
    if (kind === 'gamma' || kind === 'beta') continue;
    const values = w.read().dataSync();
    let s = 0;
    for (let i = 0; i < values.length; i++) s += p === 1 ? Math.abs(values[i]!) : values[i]! * values[i]!;
    const layer = layerOfWeight(w);
    scores.set(layer, (scores.get(layer) ?? 0) + s);
  }
  return scores;
}
