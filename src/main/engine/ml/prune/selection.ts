// The layer-selection metrics compared in “Reassessing Layer Pruning in LLMs: New Insights and Methods”, by
// name, and how scores turn into a removal set.
import { AppError } from '../../../../shared/errors.ts';
import { createRng } from '../../base/random.ts';
import type { RemovableUnit } from '../models/spec.ts';
import type { UnitScores } from './layer-scores.ts';

export const selectionMetrics = ['reverse-order', 'random', 'magnitude-l1', 'magnitude-l2', 'taylor', 'loss-drop', 'block-influence'] as const;
export type SelectionMetric = (typeof selectionMetrics)[number];

export function parseSelectionMetric(text: string): SelectionMetric {
  if ((selectionMetrics as readonly string[]).includes(text)) return text as SelectionMetric;
  throw new AppError('VALIDATION', `unknown layer-selection metric '${text}' (known: ${selectionMetrics.join(', ')})`);
}

/** Later units score lower, so the last ones go first. */
export function reverseOrderScores(units: readonly RemovableUnit[]): UnitScores {
  return new Map(units.map((u, i) => [u.id, units.length - i]));
}

export function randomScores(units: readonly RemovableUnit[], seed: number): UnitScores {
  const rng = createRng(seed);
  return new Map(units.map((u) => [u.id, rng.next()]));
}

/** How many of `available` units a ratio removes: rounded, at least one for any ratio > 0. */
export function removalCount(available: number, ratio: number): number {
  if (!(ratio >= 0 && ratio < 1)) throw new AppError('VALIDATION', `pruning ratio must be in [0, 1), got ${ratio}`);
  if (ratio === 0 || available === 0) return 0;
  return Math.min(available, Math.max(1, Math.round(ratio * available)));
}

/** The `count` lowest-scoring units; ties go to the later unit, as reverse-order would. */
export function lowestScoring(units: readonly RemovableUnit[], scores: UnitScores, count: number): string[] {
  return units
    .map((u, i) => ({ id: u.id, i, s: scores.get(u.id) ?? 0 }))
    .sort((a, b) => a.s - b.s || b.i - a.i)
    .slice(0, count)
    .map((e) => e.id);
}
