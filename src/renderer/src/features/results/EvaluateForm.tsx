// Evaluate the model on a dataset: pick it and the split, see how its classes map onto the
// model's (matched by name; each one editable, or left out) with their sample counts, and why
// the engine would refuse it before starting.
import { useEffect, useState } from 'react';
import type { DatasetSummary, JobDetail } from '../../../../shared/dto.ts';
import { call, describeError } from '../../api.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { useJobWatch } from '../../hooks/useJobWatch.ts';
import { JobStatus } from '../jobs/JobStatus.tsx';
import { DatasetSelect } from '../../app/DatasetSelect.tsx';

type Split = 'all' | 'test' | 'val' | 'train';

export interface EvaluateFormProps {
  modelId: number;
  datasets: DatasetSummary[];
  /** after the evaluation job has finished */
  onEvaluated: (job: JobDetail) => void;
}

export function EvaluateForm({ modelId, datasets, onEvaluated }: EvaluateFormProps) {
  const [datasetId, setDatasetId] = useState<number | null>(datasets[0]?.id ?? null);
  const [split, setSplit] = useState<Split | ''>('');
  const [overrides, setOverrides] = useState<Record<string, string | null>>({});
  const [includeTraining, setIncludeTraining] = useState(false);
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setOverrides({}), [datasetId]);

  const request = datasetId === null ? null : { modelId, datasetId, ...(split ? { split } : {}), classMap: overrides, includeTrainingSamples: includeTraining };
  const preview = useAsync(() => (request ? call('previewEvaluation', request) : Promise.resolve(null)), [JSON.stringify(request)]);
  const watch = useJobWatch(jobId, onEvaluated);
  const p = preview.value;

  const start = () => {
    if (!request) return;
    setError(null);
    call('startEvaluation', request).then((r) => setJobId(r.jobId), (e: unknown) => setError(describeError(e)));
  };

  return (
    <form className="evaluate-form" aria-label="Evaluate on a dataset" onSubmit={(e) => (e.preventDefault(), start())}>
      <div className="row">
        <DatasetSelect label="Dataset" name="evaluate-dataset" datasets={datasets} value={datasetId} onChange={setDatasetId} suffix={(d) => ` (${d.count.toLocaleString()})`} />
        <label>
          Samples
          <select name="evaluate-split" value={split} onChange={(e) => setSplit(e.target.value as Split | '')}>
            <option value="">default{p ? ` (${p.split})` : ''}</option>
            <option value="all">all</option>
            <option value="test">test split</option>
            <option value="val">validation split</option>
            <option value="train">training split</option>
          </select>
        </label>
        <label title="Scores samples the model was trained on; the evaluation is then labelled so everywhere">
          <input type="checkbox" name="include-training" checked={includeTraining} onChange={(e) => setIncludeTraining(e.target.checked)} /> Include samples the model was trained on
        </label>
      </div>
      {p && (
        <table className="grid" aria-label="Class mapping" data-testid="class-mapping">
          <thead>
            <tr>
              <th>Dataset class</th>
              <th className="num">Samples</th>
              <th>Scored as model class</th>
            </tr>
          </thead>
          <tbody>
            {p.datasetClasses.map((c, k) => (
              <tr key={c} data-dataset-class={c}>
                <td>{c}</td>
                <td className="num">{p.datasetCounts[k]?.toLocaleString()}</td>
                <td>
                  <select
                    name={`map-${c}`}
                    value={p.mapping[c] ?? ''}
                    onChange={(e) => setOverrides((o) => ({ ...o, [c]: e.target.value === '' ? null : e.target.value }))}
                  >
                    <option value="">— leave out —</option>
                    {p.modelClasses.map((m) => (
                      <option key={m} value={m}>
                        {m}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p?.problem && (
        <p className="error" role="alert" data-testid="evaluate-problem">
          {p.problem}
        </p>
      )}
      {(error ?? preview.error) && <p className="error" role="alert">{error ?? preview.error}</p>}
      <button type="submit" disabled={!p || p.problem !== null || watch.running}>
        {watch.running ? 'Evaluating…' : `Evaluate on ${p ? p.samples.toLocaleString() : '…'} samples`}
      </button>
      {watch.job && <JobStatus job={watch.job} testId="evaluate-job" />}
    </form>
  );
}
