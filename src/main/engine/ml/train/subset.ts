// Training on part of a dataset: an SNR range and a set of classes (applied to every split, so
// the model is tested on what it was trained for) and at most N training signals per class × SNR
// cell, drawn with a seed. The subset is recorded with the model.
import { AppError } from '../../../../shared/errors.ts';
import type { SampleFilter } from '../../store/types.ts';

export interface TrainingSubset {
  snrMin?: number;
  snrMax?: number;
  /** class indexes of the dataset */
  classes?: number[];
  perCell?: number;
  /** draws the per-cell signals */
  seed: number;
}

export function resolveSubset(raw: Omit<TrainingSubset, 'seed'> & { seed?: number }, classNames: readonly string[], trainingSeed: number): TrainingSubset {
  if (raw.snrMin !== undefined && raw.snrMax !== undefined && raw.snrMin > raw.snrMax) {
    throw new AppError('VALIDATION', `training subset: the lowest SNR (${raw.snrMin} dB) is above the highest (${raw.snrMax} dB)`);
  }
  for (const c of raw.classes ?? []) {
    if (c >= classNames.length) throw new AppError('VALIDATION', `training subset: class #${c} is not in the dataset (it has ${classNames.length} classes)`);
  }
  return { ...raw, seed: raw.seed ?? trainingSeed };
}

/** The subset's SNR and class conditions, for every split. */
export function subsetFilter(datasetId: number, subset: TrainingSubset): SampleFilter {
  return {
    datasetId,
    ...(subset.snrMin !== undefined ? { snrMin: subset.snrMin } : {}),
    ...(subset.snrMax !== undefined ? { snrMax: subset.snrMax } : {}),
    ...(subset.classes ? { classes: subset.classes } : {}),
  };
}

export function describeSubset(subset: TrainingSubset, classNames: readonly string[]): string {
  const parts: string[] = [];
  const { snrMin: lo, snrMax: hi } = subset;
  if (lo !== undefined && lo === hi) parts.push(`${lo} dB`);
  else if (lo !== undefined || hi !== undefined) parts.push(`${lo ?? '…'} to ${hi ?? '…'} dB`);
  if (subset.classes) parts.push(`classes ${subset.classes.map((c) => classNames[c]).join(', ')}`);
  if (subset.perCell !== undefined) parts.push(`at most ${subset.perCell} training signals per class × SNR (seed ${subset.seed})`);
  return parts.length ? parts.join(', ') : 'the whole dataset';
}
