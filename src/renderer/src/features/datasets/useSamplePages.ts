// The sample table's rows for one dataset and filter: pages fetched on demand, each once, for
// the rows in view; a new dataset or filter starts over, and answers to an older one are dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SampleRow } from '../../../../shared/dto.ts';
import { call, describeError } from '../../api.ts';
import { pageSize, pagesForRange } from './sample-pages.ts';
import type { Filter } from './SampleFilters.tsx';

export interface SamplePages {
  /** rows matching the filter; null until the first page arrives */
  total: number | null;
  pages: ReadonlyMap<number, SampleRow[]>;
  error: string | null;
  /** asks for the page holding a row (once) */
  fetchPage(page: number): void;
}

/** Pages of datasetId's samples under filter, fetching those that rows first…last (as far as they exist) need. */
export function useSamplePages(datasetId: number, filter: Filter, first: number, last: number): SamplePages {
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, SampleRow[]>>(() => new Map());
  const [error, setError] = useState<string | null>(null);
  const pending = useRef(new Set<number>());
  const generation = useRef(0);

  const fetchPage = useCallback(
    (page: number) => {
      if (pending.current.has(page)) return;
      pending.current.add(page);
      const gen = generation.current;
      call('pageSamples', {
        datasetId,
        offset: page * pageSize,
        limit: pageSize,
        ...(filter.classIndex !== null ? { classes: [filter.classIndex] } : {}),
        ...(filter.snrMin !== null ? { snrMin: filter.snrMin } : {}),
        ...(filter.snrMax !== null ? { snrMax: filter.snrMax } : {}),
        ...(filter.split !== null ? { split: filter.split } : {}),
      }).then(
        (res) => {
          if (gen !== generation.current) return;
          setTotal(res.total);
          setPages((prev) => new Map(prev).set(page, res.rows));
        },
        (err: unknown) => {
          if (gen === generation.current) setError(describeError(err));
          pending.current.delete(page);
        },
      );
    },
    [datasetId, filter],
  );

  useEffect(() => {
    generation.current++;
    pending.current = new Set();
    setPages(new Map());
    setTotal(null);
    setError(null);
    fetchPage(0);
  }, [fetchPage]);

  useEffect(() => {
    if (total === null || total === 0) return;
    for (const p of pagesForRange(first, Math.min(total - 1, last))) if (!pages.has(p)) fetchPage(p);
  }, [first, last, total, pages, fetchPage]);

  return { total, pages, error, fetchPage };
}
