// Trained models with their size and accuracy, and the way out: export.
import { useState } from 'react';
import type { ModelSummary } from '../../../../shared/dto.ts';
import { call } from '../../api.ts';
import { EmptyState } from '../../app/EmptyState.tsx';
import { compact } from '../../app/format.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { ExportDialog } from './ExportDialog.tsx';

export function ModelsPage() {
  const models = useAsync(() => call('listModels', {}), []);
  const [exporting, setExporting] = useState<ModelSummary | null>(null);
  const list = models.value ?? [];
  return (
    <section aria-labelledby="models-title">
      <h2 id="models-title">Models &amp; Export</h2>
      {models.error && <p className="error" role="alert">{models.error}</p>}
      {list.length === 0 && !models.loading ? (
        <EmptyState title="No trained models yet">
          <p>Train one on the Training page; it will be listed here with its size, parameters, MACs and accuracy, ready to export to ONNX.</p>
        </EmptyState>
      ) : (
        <table className="grid" aria-label="Models">
          <thead>
            <tr>
              <th>Name</th>
              <th>Architecture</th>
              <th className="num">Parameters</th>
              <th className="num">MACs</th>
              <th className="num">Size</th>
              <th className="num">Accuracy</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((m) => (
              <tr key={m.id} data-model-id={m.id}>
                <td>{m.name}</td>
                <td>{m.architecture}</td>
                <td className="num">{compact(m.params)}</td>
                <td className="num">{compact(m.macs)}</td>
                <td className="num">{compact(m.sizeBytes)}B</td>
                <td className="num">{m.accuracy === null ? '—' : `${(100 * m.accuracy).toFixed(1)} %`}</td>
                <td>
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
