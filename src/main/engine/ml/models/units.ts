import { AppError } from '../../../../shared/errors.ts';
import type { ModelSpec, RemovableUnit } from './spec.ts';

/** The set of removable units a spec keeps; rejects ids the architecture does not declare. */
export function keptUnitIds(spec: ModelSpec, units: RemovableUnit[]): Set<string> {
  const all = new Set(units.map((u) => u.id));
  if (spec.keepUnits === undefined) return all;
  for (const id of spec.keepUnits) {
    if (!all.has(id)) {
      throw new AppError('VALIDATION', `${spec.arch}: keepUnits names '${id}', which is not a removable unit (known: ${[...all].join(', ') || 'none'})`);
    }
  }
  return new Set(spec.keepUnits);
}

/** Filters (or units) of a named layer: the spec's pruned width, else the default. */
export function widthOf(spec: ModelSpec, layer: string, fallback: number): number {
  const w = spec.widths?.[layer];
  if (w === undefined) return fallback;
  if (!Number.isInteger(w) || w < 1) {
    throw new AppError('VALIDATION', `${spec.arch}: width of '${layer}' must be a positive integer, got ${w}`);
  }
  return w;
}
