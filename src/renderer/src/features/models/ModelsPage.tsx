// Trained models: the table (id, unique name, architecture, dataset, epochs, parameters, test
// accuracy, date), each one's results view, and the way out: export.
import { useEffect, useState } from 'react';
import type { ModelSummary } from '../../../../shared/dto.ts';
import { call } from '../../api.ts';
import { EmptyState } from '../../app/EmptyState.tsx';
import { compact, percent } from '../../app/format.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { ModelResultsView } from '../results/ModelResultsView.tsx';
import { ExportDialog } from './ExportDialog.tsx';

export interface ModelsPageProps {
  /** open this model's results (a model just trained elsewhere in the app) */
  focus?: number | null;
}

export function ModelsPage({ focus = null }: ModelsPageProps) {
  const models = useAsync(() => call('listModels', {}), []);
  const [open, setOpen] = useState<number | null>(focus);
  const [exporting, setExporting] = useState<ModelSummary | null>(null);
  useEffect(() => setOpen(focus), [focus]);
  const list = models.value ?? [];
  if (open !== null) {
    return (
      <section aria-labelledby="models-title">
        <h2 id="models-title">Models &amp; Export</h2>
        <ModelResultsView
          key={open}
          modelId={open}
          onBack={() => {
            setOpen(null);
            models.reload();
          }}
          onOpenModel={setOpen}
        />
      </section>
    );
  }
  return (
    <section aria-labelledby="models-title">
      <h2 id="models-title">Models &amp; Export</h2>
      {models.error && <p className="error" role="alert">{models.error}</p>}
      {list.length === 0 && !models.loading ? (
        <EmptyState title="No trained models yet">
          <p>Train one on the Training page or with <code>amr-studio train</code>; it is listed here with its results, ready to evaluate and export.</p>
        </EmptyState>
      ) : (
        <table className="grid" aria-label="Models">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Name</th>
              <th>Architecture</th>
              <th>Dataset</th>
              <th className="num">Epochs</th>
              <th className="num" title="Trainable parameters; the total with batch-norm statistics is in each model's results">
                Parameters (trainable)
              </th>
              <th className="num">MACs</th>
              <th className="num" title="On the model's own test split, measured when it was made">
                Test accuracy
              </th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((m) => (
              <tr key={m.id} data-model-id={m.id}>
                <td className="num">{m.id}</td>
                <td>
                  <button type="button" className="link" onClick={() => setOpen(m.id)}>
                    {m.name}
                  </button>
                </td>
                <td>{m.architecture}</td>
                <td>{m.datasetName ?? (m.datasetId === null ? '—' : `#${m.datasetId} (deleted)`)}</td>
                <td className="num">{m.epochs ?? '—'}</td>
                <td className="num" title={m.totalParams === null ? undefined : `${m.totalParams.toLocaleString()} in all`}>
                  {m.params.toLocaleString()}
                </td>
                <td className="num">{compact(m.macs)}</td>
                <td className="num">{percent(m.accuracy)}</td>
                <td>{new Date(m.createdAt).toLocaleString()}</td>
                <td className="actions">
                  <button type="button" onClick={() => setOpen(m.id)}>
                    Results
                  </button>
                  <button type="button" onClick={() => setExporting(m)}>
                    Export…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {exporting && <ExportDialog model={exporting} onClose={() => setExporting(null)} />}
    </section>
  );
}
