// A model's results: how it trained, its own test figures, every evaluation beside them (and a
// form for another), where it came from and what was made of it, and its exports.
import { useCallback, useState } from 'react';
import type { JobDetail, ModelSummary } from '../../../../shared/dto.ts';
import { call } from '../../api.ts';
import { compact, percent } from '../../app/format.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { ExportDialog } from '../models/ExportDialog.tsx';
import { TrainingCurves } from '../training/TrainingCurves.tsx';
import { EvaluateForm } from './EvaluateForm.tsx';
import { evaluationLabel } from './evaluation-label.ts';
import { EvaluationView } from './EvaluationView.tsx';

export interface ModelResultsViewProps {
  modelId: number;
  onBack: () => void;
  onOpenModel: (modelId: number) => void;
}

export function parameterText(m: Pick<ModelSummary, 'params' | 'totalParams'>): string {
  return `${m.params.toLocaleString()} trainable parameters${m.totalParams === null ? '' : ` (${m.totalParams.toLocaleString()} in all, with batch-norm statistics)`}`;
}

export function ModelResultsView({ modelId, onBack, onOpenModel }: ModelResultsViewProps) {
  const results = useAsync(() => Promise.all([call('getModelResults', { modelId }), call('listDatasets', {})]), [modelId]);
  const [shown, setShown] = useState<string>('headline');
  const [exporting, setExporting] = useState(false);
  const evaluated = useCallback(
    (job: JobDetail) => {
      if (job.status !== 'done') return;
      results.reload();
      setShown('newest');
    },
    [results.reload],
  );
  if (results.error) return <p className="error" role="alert">{results.error}</p>;
  if (!results.value) return <p className="muted">Loading model {modelId}…</p>;
  const [r, datasets] = results.value;
  const m = r.model;
  const all = [...(r.headline ? [r.headline] : []), ...r.evaluations];
  const key = (e: (typeof all)[number]) => (e.evaluationId === null ? 'headline' : String(e.evaluationId));
  const current = shown === 'newest' ? (r.evaluations[0] ?? r.headline) : (all.find((e) => key(e) === shown) ?? all[0]);
  return (
    <section aria-labelledby="results-title" data-testid="model-results" data-model-id={m.id}>
      <button type="button" className="link" onClick={onBack}>
        ← All models
      </button>
      <h3 id="results-title">
        #{m.id} {m.name}
      </h3>
      <p className="muted" data-testid="model-facts">
        {m.architecture} · {m.operation === 'train' ? 'trained' : m.operation} on {m.datasetName ?? (m.datasetId === null ? 'no recorded dataset' : `dataset #${m.datasetId} (deleted)`)}
        {m.epochs === null ? '' : ` · ${m.epochs} epoch${m.epochs === 1 ? '' : 's'}`} · {parameterText(m)} · {compact(m.macs)} MACs per sample · created{' '}
        {new Date(m.createdAt).toLocaleString()}
      </p>
      <p>
        Test accuracy (its own test split): <strong data-testid="headline-accuracy">{percent(m.accuracy)}</strong>
      </p>

      <h4>Training</h4>
      <div className="plots-2x1">
        {r.history.length > 0 ? <TrainingCurves history={r.history} /> : <p className="muted">No per-epoch history was stored for this model.</p>}
        <table className="grid" aria-label="Recipe">
          <tbody>
            {r.recipe.map((row) => (
              <tr key={row.label}>
                <th>{row.label}</th>
                <td>{row.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h4>Evaluations</h4>
      {all.length === 0 ? (
        <p className="muted">Nothing measured yet.</p>
      ) : (
        <>
          <label className="row">
            Show
            <select name="evaluation" value={current ? key(current) : ''} onChange={(e) => setShown(e.target.value)}>
              {all.map((e) => (
                <option key={key(e)} value={key(e)}>
                  {evaluationLabel(e)}
                </option>
              ))}
            </select>
          </label>
          {current && <EvaluationView evaluation={current} />}
        </>
      )}
      <details open={r.evaluations.length === 0}>
        <summary>Evaluate on a dataset…</summary>
        <EvaluateForm modelId={m.id} datasets={datasets} onEvaluated={evaluated} />
      </details>

      <div className="plots-2x1">
        <div>
          <h4>Lineage</h4>
          <ol className="lineage-list" data-testid="model-lineage">
            {r.lineage.map((n) => (
              <li key={n.id} data-lineage-id={n.id}>
                {n.id === m.id ? (
                  <strong>
                    #{n.id} {n.name}
                  </strong>
                ) : (
                  <button type="button" className="link" onClick={() => onOpenModel(n.id)}>
                    #{n.id} {n.name}
                  </button>
                )}{' '}
                <span className="muted">
                  {n.detail} · {percent(n.accuracy)}
                </span>
              </li>
            ))}
          </ol>
        </div>
        <div>
          <h4>Exports</h4>
          {r.exports.length === 0 ? (
            <p className="muted">Not exported yet.</p>
          ) : (
            <ul data-testid="model-exports">
              {r.exports.map((e) => (
                <li key={e.id}>
                  {e.format} → {e.path} <span className="muted">({new Date(e.createdAt).toLocaleString()})</span>
                </li>
              ))}
            </ul>
          )}
          <button type="button" onClick={() => setExporting(true)}>
            Export…
          </button>
        </div>
      </div>
      {exporting && <ExportDialog model={m} onClose={() => (setExporting(false), results.reload())} />}
    </section>
  );
}
