// A table whose header buttons sort the rows by that column (a second click reverses).
import { useMemo, useState } from 'react';

export interface SortableColumn<R> {
  key: string;
  label: string;
  numeric: boolean;
  value: (r: R) => number | string;
  show: (r: R) => string;
}

export function SortableTable<R>({ rows, columns, label, testId, rowKey }: { rows: R[]; columns: SortableColumn<R>[]; label: string; testId: string; rowKey: (r: R, index: number) => string }) {
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
  }, [rows, columns, sort]);
  const clickHeader = (key: string) => setSort((s) => (s?.key === key ? { key, ascending: !s.ascending } : { key, ascending: true }));
  return (
    <table className="grid" aria-label={label} data-testid={testId} data-sort={sort ? `${sort.key}:${sort.ascending ? 'asc' : 'desc'}` : ''}>
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
          <tr key={`${rowKey(r, k)}/${k}`} data-row={rowKey(r, k)}>
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
