// The samples an export is measured or calibrated on: a whole selection when it fits, else a
// seeded draw (never a whole split in memory).
import { AppError } from '../../../shared/errors.ts';
import type { ProjectStore } from '../store/project.ts';
import type { LoadedSamples, SampleFilter } from '../store/types.ts';

const DRAW_SEED = 0x5eed;

/** Up to `max` samples of a selection: all of it when it fits, else a seeded random draw. */
export function drawSamples(store: ProjectStore, filter: SampleFilter, max: number): LoadedSamples {
  const total = store.pageSamples(filter, { offset: 0, limit: 0 }).total;
  if (total <= max) return store.loadSamples(filter);
  const batches = store.streamBatches(filter, max, { shuffle: true, seed: DRAW_SEED });
  try {
    return batches.next().value!;
  } finally {
    batches.return(undefined);
  }
}

export function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new AppError('VALIDATION', `${what} must be a positive integer, got ${value}`);
  return value;
}
