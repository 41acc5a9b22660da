// The study's comparison table; a click on a header sorts by that column (again: reverse).
import type { PruneStudyRow } from '../../../../shared/dto.ts';
import { bytes, compact, millis, percent } from '../../app/format.ts';
import { SortableTable, type SortableColumn } from '../../app/SortableTable.tsx';

const columns: SortableColumn<PruneStudyRow>[] = [
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
  return <SortableTable rows={rows} columns={columns} label="Study results" testId="study-table" rowKey={(r) => `${r.method}/${r.recovery}`} />;
}
