// The study's comparison table; a click on a header sorts by that column (again: reverse).
import { useMemo, useState } from 'react';
import type { PruneStudyRow } from '../../../../shared/dto.ts';
import { bytes, compact, millis, percent } from '../../app/format.ts';

interface Column {
  key: string;
  label: string;
  numeric: boolean;
  value: (r: PruneStudyRow) => number | string;
  show: (r: PruneStudyRow) => string;
}

const columns: Column[] = [
  { key: 'method', label: 'Method', numeric: false, value: (r) => r.method, show: (r) => r.method },
  { key: 'recovery', label: 'Recovery', numeric: false, value: (r) => r.recovery, show: (r) => r.recovery },
  { key: 'params', label: 'Params', numeric: true, value: (r) => r.params, show: (r) => compact(r.params) },
  { key: 'macs', label: 'MACs', numeric: true, value: (r) => r.macs, show: (r) => compact(r.macs) },
  { key: 'size', label: 'Size', numeric: true, value: (r) => r.sizeBytes, show: (r) => bytes(r.sizeBytes) },
  { key: 'accuracy', label: 'Accuracy', numeric: true, value: (r) => r.accuracy, show: (r) => percent(r.accuracy) },
  { key: 'latency', label: 'Latency / sample', numeric: true, value: (r) => r.latencyMsBatch1, show: (r) => millis(r.latencyMsBatch1) },
  { key: 'removed', label: 'Removed', numeric: false, value: (r) => r.removed.join(', '), show: (r) => r.removed.join(', ') || '—' },
];

export function StudyTable({ rows }: { rows: PruneStudyRow[] }) {
  const [sort, setSort] = useState<{ key: string; ascending: boolean } | null>(null);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const col = columns.find((c) => c.key === sort.key)!;
    const sign = sort.ascending ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
    });
  }, [rows, sort]);
  const clickHeader = (key: string) => setSort((s) => (s?.key === key ? { key, ascending: !s.ascending } : { key, ascending: true }));
  return (
    <table className="grid" aria-label="Study results" data-testid="study-table" data-sort={sort ? `${sort.key}:${sort.ascending ? 'asc' : 'desc'}` : ''}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} className={c.numeric ? 'num' : undefined} aria-sort={sort?.key === c.key ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
              <button type="button" className="sort" data-sort-key={c.key} onClick={() => clickHeader(c.key)}>
                {c.label}
                {sort?.key === c.key ? (sort.ascending ? ' ▲' : ' ▼') : ''}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r, k) => (
          <tr key={`${r.method}/${r.recovery}/${r.ratio}/${k}`} data-row={`${r.method}/${r.recovery}`}>
            {columns.map((c) => (
              <td key={c.key} className={c.numeric ? 'num' : undefined} data-col={c.key}>
                {c.show(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
