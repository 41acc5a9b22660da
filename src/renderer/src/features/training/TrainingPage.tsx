// Training: choose what to train, start a job, watch its curves, then read its evaluation.
import { useEffect, useState } from 'react';
import type { ClusterTarget } from '../../../../shared/cluster-jobs.ts';
import type { ModelEvaluation } from '../../../../shared/dto.ts';
import { call, describeError } from '../../api.ts';
import { EmptyState } from '../../app/EmptyState.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import { useJobWatch } from '../../hooks/useJobWatch.ts';
import { JobProgressBar } from '../jobs/JobProgressBar.tsx';
import { EvaluationView } from '../results/EvaluationView.tsx';
import { TrainingCurves } from './TrainingCurves.tsx';
import { TrainingForm, type TrainingRequest } from './TrainingForm.tsx';

export function TrainingPage({ onProjectChanged, onOpenModel }: { onProjectChanged: () => void; onOpenModel: (modelId: number) => void }) {
  const choices = useAsync(() => Promise.all([call('listDatasets', {}), call('listArchitectures', {}), call('getBackends', {})]), []);
  const [jobId, setJobId] = useState<number | null>(null);
  const [evaluation, setEvaluation] = useState<ModelEvaluation | null>(null);
  // per-epoch loss/accuracy from progress events, until the job stores its own history
  const [live, setLive] = useState<Record<string, number>[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState<string | null>(null);

  const start = (r: TrainingRequest) => {
    setError(null);
    setJobId(null);
    setEvaluation(null);
    setLive([]);
    call('startTraining', r).then(
      (res) => setJobId(res.jobId),
      (e: unknown) => setError(describeError(e)),
    );
  };

  const submitToCluster = (r: TrainingRequest, seeds: number[], target: ClusterTarget) => {
    setError(null);
    setSubmitted(null);
    call('submitToCluster', { work: { kind: 'train', ...r, seeds }, target }).then(
      (c) => setSubmitted(`Submitted to Slurm as job ${c.schedulerJobId ?? '?'} (${c.tasks.length} tasks); follow it and collect it on the Jobs page.`),
      (e: unknown) => setError(describeError(e)),
    );
  };

  // Progress events move the bar and draw the curves at once; polling fills in the log and the final model.
  const watch = useJobWatch(jobId, onProjectChanged, (p) => {
    const m = p.metrics;
    if (m && typeof m.epoch === 'number' && typeof m.loss === 'number') {
      const point = { epoch: m.epoch, loss: m.loss, ...(typeof m.accuracy === 'number' ? { accuracy: m.accuracy } : {}) };
      setLive((prev) => [...prev.filter((h) => h.epoch !== m.epoch), point]);
    }
  });
  const { job, running } = watch;

  const modelId = job?.status === 'done' ? job.modelId : null;
  useEffect(() => {
    if (modelId === null) return;
    call('getModelEvaluation', { modelId }).then(setEvaluation, (e: unknown) => setError(describeError(e)));
  }, [modelId]);

  const [datasets, architectures, backends] = choices.value ?? [[], [], null];
  return (
    <section aria-labelledby="training-title">
      <h2 id="training-title">Training</h2>
      {choices.error && <p className="error" role="alert">{choices.error}</p>}
      {!choices.value ? (
        !choices.error && <p className="muted">Loading datasets and models…</p>
      ) : datasets.length === 0 ? (
        <EmptyState title="Nothing to train on yet">
          <p>Import a dataset on the Datasets page first; its train/test split is made with a fixed seed when training starts.</p>
        </EmptyState>
      ) : architectures.length === 0 ? (
        <EmptyState title="No model architectures are registered in this build">
          <p>Once the model zoo lands (VT-CNN2, ResNet1D, CLDNN, LSTM2), pick one here. From a terminal: <code>amr-studio help</code>.</p>
        </EmptyState>
      ) : (
        <TrainingForm datasets={datasets} architectures={architectures} backends={backends} busy={running} onStart={start} onSubmitToCluster={submitToCluster} />
      )}
      {submitted && <p className="ok" data-testid="cluster-submitted">{submitted}</p>}
      {(error ?? watch.error) && <p className="error" role="alert" data-testid="training-error">{error ?? watch.error}</p>}
      {job && (
        <div className="job-panel" data-testid="training-job" data-job-id={job.id} data-status={job.status}>
          <h3>Job {job.id}</h3>
          <JobProgressBar job={job} />
          {job.error && <p className="error" role="alert">{`${job.error.code}: ${job.error.message}`}</p>}
          <TrainingCurves history={job.history.length > 0 ? job.history : live} />
        </div>
      )}
      {modelId !== null && (
        <button type="button" data-testid="open-results" onClick={() => onOpenModel(modelId)}>
          Open model {modelId}'s results
        </button>
      )}
      {evaluation && <EvaluationView evaluation={evaluation} />}
    </section>
  );
}
