// The evaluation results: method × ipc × evaluation architecture, mean ± std over the runs.
import type { DistillResultRow } from '../../../../shared/dto.ts';
import { percent } from '../../app/format.ts';
import { SortableTable, type SortableColumn } from '../../app/SortableTable.tsx';

const columns: SortableColumn<DistillResultRow>[] = [
  { key: 'method', label: 'Method', numeric: false, value: (r) => r.method, show: (r) => r.method },
  { key: 'ipc', label: 'ipc', numeric: true, value: (r) => r.ipc ?? Number.POSITIVE_INFINITY, show: (r) => (r.ipc === null ? 'all' : `${r.ipc}${r.perSnr ? ' / SNR' : ''}`) },
  { key: 'arch', label: 'Evaluated on', numeric: false, value: (r) => r.arch, show: (r) => `${r.arch}${r.augmentedTraining ? ' (augmented training)' : ''}` },
  { key: 'accuracy', label: 'Accuracy (mean ± std)', numeric: true, value: (r) => r.mean, show: (r) => `${percent(r.mean)} ± ${(100 * r.std).toFixed(1)}` },
  { key: 'runs', label: 'Runs', numeric: true, value: (r) => r.runs.length, show: (r) => String(r.runs.length) },
  { key: 'signals', label: 'Signals', numeric: true, value: (r) => r.trainCount, show: (r) => r.trainCount.toLocaleString() },
  { key: 'dataset', label: 'Set', numeric: false, value: (r) => r.datasetName, show: (r) => `#${r.datasetId} ${r.datasetName}` },
];

export function ResultsTable({ rows }: { rows: DistillResultRow[] }) {
  return <SortableTable rows={rows} columns={columns} label="Distillation results" testId="distill-results" rowKey={(r) => `${r.method}/${r.ipc ?? 'all'}/${r.arch}/${r.jobId}`} />;
}
