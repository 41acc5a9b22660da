// A virtualised table over every sample matching the filter: only the visible rows are in the
// DOM and only their pages are fetched, so hundreds of thousands of rows scroll smoothly.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DatasetSummary, SampleRow } from '../../../../shared/dto.ts';
import { call, describeError } from '../../api.ts';
import { pageSize, pagesForRange, rowAt } from './sample-pages.ts';
import type { Filter } from './SampleFilters.tsx';

const rowHeight = 24;
const viewportRows = 14;
const overscan = 6;

/** A request from outside (the viewer's ◀ ▶) to move the selection; seq makes repeats distinct. */
export interface StepRequest {
  seq: number;
  delta: number;
}

export interface SampleTableProps {
  dataset: DatasetSummary;
  filter: Filter;
  selectedIndex: number | null;
  onSelect: (index: number, row: SampleRow) => void;
  step: StepRequest | null;
}

export function SampleTable({ dataset, filter, selectedIndex, onSelect, step }: SampleTableProps) {
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, SampleRow[]>>(() => new Map());
  const [scrollTop, setScrollTop] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const viewport = useRef<HTMLDivElement>(null);

  const fetchPage = useCallback(
    (page: number) => {
      if (pending.current.has(page)) return;
      pending.current.add(page);
      const gen = generation.current;
      call('pageSamples', {
        datasetId: dataset.id,
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
    [dataset.id, filter],
  );

  useEffect(() => {
    generation.current++;
    pending.current = new Set();
    setPages(new Map());
    setTotal(null);
    setError(null);
    setScrollTop(0);
    if (viewport.current) viewport.current.scrollTop = 0;
    fetchPage(0);
  }, [fetchPage]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min((total ?? 1) - 1, Math.floor(scrollTop / rowHeight) + viewportRows + overscan);
  useEffect(() => {
    if (total === null || total === 0) return;
    for (const p of pagesForRange(first, last)) if (!pages.has(p)) fetchPage(p);
  }, [first, last, total, pages, fetchPage]);

  const select = (index: number) => {
    if (total === null || index < 0 || index >= total) return;
    const row = rowAt(pages, index);
    const el = viewport.current;
    if (el) {
      const top = index * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
    }
    if (row) onSelect(index, row);
    else fetchPage(Math.floor(index / pageSize));
  };

  const stepBy = (delta: number) => select(Math.max(0, Math.min((total ?? 1) - 1, (selectedIndex ?? -1) + delta)));

  const lastStep = useRef(0);
  useEffect(() => {
    if (!step || step.seq === lastStep.current) return;
    lastStep.current = step.seq;
    stepBy(step.delta);
  });

  const onKey = (e: KeyboardEvent) => {
    const delta = ({ ArrowDown: 1, ArrowUp: -1, PageDown: viewportRows, PageUp: -viewportRows } as Record<string, number>)[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    stepBy(delta);
  };

  const rows: { index: number; row: SampleRow | undefined }[] = [];
  if (total) for (let i = first; i <= last; i++) rows.push({ index: i, row: rowAt(pages, i) });

  return (
    <div className="sample-table">
      <div className="sample-head" role="row">
        <span>#</span>
        <span>id</span>
        <span>class</span>
        <span>SNR</span>
        <span>split</span>
        <span>offset</span>
      </div>
      <div
        ref={viewport}
        className="sample-viewport"
        style={{ height: viewportRows * rowHeight }}
        tabIndex={0}
        role="grid"
        aria-label="Samples (arrow keys step through them)"
        aria-rowcount={total ?? 0}
        data-testid="sample-table"
        data-total={total ?? ''}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKey}
      >
        <div style={{ height: (total ?? 0) * rowHeight, position: 'relative' }}>
          {rows.map(({ index, row }) => (
            <div
              key={index}
              role="row"
              aria-rowindex={index + 1}
              aria-selected={index === selectedIndex}
              className={`sample-row${index === selectedIndex ? ' selected' : ''}`}
              style={{ top: index * rowHeight, height: rowHeight }}
              data-sample-id={row?.id}
              onClick={() => select(index)}
            >
              <span>{index + 1}</span>
              {row ? (
                <>
                  <span>{row.id}</span>
                  <span>{row.className}</span>
                  <span>{row.snr ?? '—'}</span>
                  <span>{row.split}</span>
                  <span>{row.sourceOffset}</span>
                </>
              ) : (
                <span className="muted">loading…</span>
              )}
            </div>
          ))}
        </div>
      </div>
      <p className="muted" data-testid="sample-count">
        {error ? <span className="error">{error}</span> : total === null ? 'Loading…' : `${total.toLocaleString()} samples match`}
      </p>
    </div>
  );
}
