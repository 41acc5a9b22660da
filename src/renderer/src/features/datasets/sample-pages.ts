// Page cache for the virtualised sample table: rows are fetched a page at a time, on demand.
import type { SampleRow } from '../../../../shared/dto.ts';

export const pageSize = 200;

export function pagesForRange(first: number, last: number): number[] {
  const out: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor(Math.max(first, last) / pageSize); p++) out.push(p);
  return out;
}

export function rowAt(pages: ReadonlyMap<number, SampleRow[]>, index: number): SampleRow | undefined {
  return pages.get(Math.floor(index / pageSize))?.[index % pageSize];
}
