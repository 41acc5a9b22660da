// A virtualised table over every sample matching the filter: only the visible rows are in the
// DOM and only their pages are fetched, so hundreds of thousands of rows scroll smoothly.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DatasetSummary, SampleRow } from '../../../../shared/dto.ts';
import { pageSize, rowAt } from './sample-pages.ts';
import type { Filter } from './SampleFilters.tsx';
import { useSamplePages } from './useSamplePages.ts';

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
  const [scrollTop, setScrollTop] = useState(0);
  const viewport = useRef<HTMLDivElement>(null);
  const top = Math.floor(scrollTop / rowHeight);
  const first = Math.max(0, top - overscan);
  const { total, pages, error, fetchPage } = useSamplePages(dataset.id, filter, first, top + viewportRows + overscan);
  const last = Math.min((total ?? 1) - 1, top + viewportRows + overscan);

  // a new dataset or filter starts at the top
  useEffect(() => {
    setScrollTop(0);
    if (viewport.current) viewport.current.scrollTop = 0;
  }, [dataset.id, filter]);

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
