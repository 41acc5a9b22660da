// A dataset named on the command line by its id, or by its unique name.
import { AppError } from '../../shared/errors.ts';
import type { ProjectStore } from '../engine/store/project.ts';

export function resolveDatasetId(store: ProjectStore, ref: string): number {
  if (/^\d+$/.test(ref)) return Number(ref);
  const found = store.listDatasets().filter((d) => d.name === ref);
  if (found.length !== 1) throw new AppError(found.length ? 'VALIDATION' : 'NOT_FOUND', `${store.path}: ${found.length ? 'several datasets are' : 'no dataset is'} named '${ref}'; give its id`);
  return found[0]!.id;
}
