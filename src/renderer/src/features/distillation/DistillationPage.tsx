// Distillation: condense a dataset into a few signals per class (MDM, DM) or pick a coreset,
// watch the matching losses, see the synthetic signals beside real ones of their class, and
// evaluate fresh networks trained on the small set against the real test split.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DistillLossPoint, DistillPreview, DistillResultRow, JobDetail } from '../../../../shared/dto.ts';
import { call, describeError } from '../../api.ts';
import { EmptyState } from '../../app/EmptyState.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import { useJobWatch } from '../../hooks/useJobWatch.ts';
import { JobStatus } from '../jobs/JobStatus.tsx';
import { DistillForm, type DistillRequest } from './DistillForm.tsx';
import { EvaluateForm, type EvaluateRequest } from './EvaluateForm.tsx';
import { ExportForm } from './ExportForm.tsx';
import { LossCurves } from './LossCurves.tsx';
import { ResultsTable } from './ResultsTable.tsx';
import { SignalComparison } from './SignalComparison.tsx';
import { DatasetSelect } from '../../app/DatasetSelect.tsx';

export function DistillationPage({ onProjectChanged }: { onProjectChanged: () => void }) {
  const choices = useAsync(() => Promise.all([call('listDatasets', {}), call('listArchitectures', {})]), []);
  const results = useAsync(() => call('listDistillResults', {}), []);
  const [distillJobId, setDistillJobId] = useState<number | null>(null);
  const [evalJobId, setEvalJobId] = useState<number | null>(null);
  const [method, setMethod] = useState<string>('mdm');
  const [points, setPoints] = useState<DistillLossPoint[]>([]);
  const [setId, setSetId] = useState<number | null>(null);
  const [classIndex, setClassIndex] = useState(0);
  const [preview, setPreview] = useState<DistillPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [datasets, architectures] = choices.value ?? [[], []];
  const distilled = useMemo(() => datasets.filter((d) => d.kind === 'distilled'), [datasets]);

  useEffect(() => {
    if (setId === null && distilled.length > 0) setSetId(distilled[distilled.length - 1]!.id);
  }, [distilled, setId]);

  const distillDone = useCallback(
    (j: JobDetail) => {
      if (j.status !== 'done') return;
      call('getDistillation', { jobId: j.id }).then(
        (v) => {
          setPoints(v.history);
          choices.reload();
          onProjectChanged();
          if (v.datasetId !== null) setSetId(v.datasetId);
        },
        (e: unknown) => setError(describeError(e)),
      );
    },
    [choices.reload, onProjectChanged],
  );
  const distillWatch = useJobWatch(distillJobId, distillDone, (p) => {
    const m = p.metrics;
    if (m && typeof m.iteration === 'number' && typeof m.lossTime === 'number') {
      const point = { iteration: m.iteration, lossTime: m.lossTime, lossFrequency: m.lossFrequency ?? 0 };
      setPoints((prev) => [...prev.filter((q) => q.iteration < point.iteration), point]);
    }
  });
  const evalWatch = useJobWatch(evalJobId, results.reload);

  useEffect(() => {
    setPreview(null);
    if (setId === null) return;
    call('getDistillPreview', { datasetId: setId, classIndex, maxSignals: 4 }).then(setPreview, (e: unknown) => setError(describeError(e)));
  }, [setId, classIndex]);

  const start = (r: DistillRequest) => {
    setError(null);
    setPoints([]);
    setMethod(r.method);
    call('startDistill', r).then((res) => setDistillJobId(res.jobId), (e: unknown) => setError(describeError(e)));
  };
  const evaluate = (r: EvaluateRequest) => {
    setError(null);
    call('startDistillEval', r).then((res) => setEvalJobId(res.jobId), (e: unknown) => setError(describeError(e)));
  };
  const selectedSet = distilled.find((d) => d.id === setId);
  const rows: DistillResultRow[] = results.value ?? [];

  return (
    <section aria-labelledby="distillation-title" className="distillation">
      <h2 id="distillation-title">Distillation</h2>
      {(choices.error ?? results.error) && <p className="error" role="alert">{choices.error ?? results.error}</p>}
      {choices.value && datasets.length === 0 ? (
        <EmptyState title="Nothing to distil yet">
          <p>Import or generate a dataset on the Datasets page; its train split is distilled, its test split scores the result.</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted">
            MDM matches the mean embedding of synthetic and real signals of each class under freshly drawn random networks, in time and on the
            spectrum; DM in time only. The CPU defaults (300 iterations, real batch 64, ConvNet width 64) finish in minutes; the reference runs
            20,000 iterations at width 128.
          </p>
          {choices.value && <DistillForm datasets={datasets} architectures={architectures} busy={distillWatch.running} onStart={start} />}
          {distillWatch.job && <JobStatus job={distillWatch.job} testId="distill-job" />}
          {points.length > 0 && <LossCurves points={points} frequency={method === 'mdm'} />}
          {distilled.length > 0 && (
            <>
              <h3>Synthetic beside real</h3>
              <div className="row">
                <DatasetSelect label="Distilled set" name="distill-set" datasets={distilled} value={setId} onChange={setSetId} />
                <label>
                  Class
                  <select name="distill-class" value={classIndex} onChange={(e) => setClassIndex(Number(e.target.value))}>
                    {(selectedSet?.classes ?? []).map((c, k) => (
                      <option key={c} value={k}>
                        {c}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              {selectedSet?.origin && <p className="muted" data-testid="distill-origin">{selectedSet.origin}</p>}
              {preview && <SignalComparison preview={preview} />}
              {selectedSet && <ExportForm dataset={selectedSet} />}
            </>
          )}
          <h3>Evaluation</h3>
          {choices.value && <EvaluateForm datasets={datasets} architectures={architectures} selected={setId} busy={evalWatch.running} onStart={evaluate} />}
          {evalWatch.job && <JobStatus job={evalWatch.job} testId="distill-eval-job" />}
          {rows.length > 0 && <ResultsTable rows={rows} />}
        </>
      )}
      {(error ?? distillWatch.error ?? evalWatch.error) && (
        <p className="error" role="alert" data-testid="distill-error">
          {error ?? distillWatch.error ?? evalWatch.error}
        </p>
      )}
    </section>
  );
}
