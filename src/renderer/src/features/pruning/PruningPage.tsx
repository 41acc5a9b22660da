// Pruning: pick a trained model, see which units matter and which compute alike, prune it or
// run a study over methods × recoveries, compare accuracy vs SNR, and follow the lineage.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ClusterTarget } from '../../../../shared/cluster-jobs.ts';
import type { JobDetail } from '../../../../shared/dto.ts';
import { call, describeError } from '../../api.ts';
import { EmptyState } from '../../app/EmptyState.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import { useJobWatch } from '../../hooks/useJobWatch.ts';
import { JobStatus } from '../jobs/JobStatus.tsx';
import { AnalysisPanel } from './AnalysisPanel.tsx';
import { LineageTree } from './LineageTree.tsx';
import { PruneForm, type PruneRequest } from './PruneForm.tsx';
import { SnrComparison, type NamedEvaluation } from './SnrComparison.tsx';
import { StudyForm, type StudyRequest } from './StudyForm.tsx';
import { StoredStudies } from './StoredStudies.tsx';

export function PruningPage({ onProjectChanged }: { onProjectChanged: () => void }) {
  const lineage = useAsync(() => call('getLineage', {}), []);
  const nodes = useMemo(() => lineage.value ?? [], [lineage.value]);
  const [modelId, setModelId] = useState<number | null>(null);
  const [blocks, setBlocks] = useState<number | null>(null);
  const [pruneJobId, setPruneJobId] = useState<number | null>(null);
  const [studyJobId, setStudyJobId] = useState<number | null>(null);
  const [studiesFinished, setStudiesFinished] = useState(0);
  const [compareId, setCompareId] = useState<number | null>(null);
  const [comparison, setComparison] = useState<{ parent: NamedEvaluation; child: NamedEvaluation } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState<string | null>(null);

  useEffect(() => {
    if (modelId === null && nodes[0]) setModelId(nodes[0].id);
  }, [nodes, modelId]);

  const pruneDone = useCallback(
    (j: JobDetail) => {
      lineage.reload();
      onProjectChanged();
      if (j.status === 'done' && j.modelId !== null) setCompareId(j.modelId);
    },
    [lineage.reload, onProjectChanged],
  );
  const studyDone = useCallback((j: JobDetail) => {
    if (j.status === 'done') setStudiesFinished((n) => n + 1);
  }, []);
  const pruneWatch = useJobWatch(pruneJobId, pruneDone);
  const studyWatch = useJobWatch(studyJobId, studyDone);

  // the pruned model next to its parent, both as stored by their jobs' evaluations
  useEffect(() => {
    setComparison(null);
    const child = nodes.find((n) => n.id === compareId);
    const parent = child && nodes.find((n) => n.id === child.parentId);
    if (!child || !parent) return;
    Promise.all([call('getModelEvaluation', { modelId: parent.id }), call('getModelEvaluation', { modelId: child.id })]).then(
      ([p, c]) => p && c && setComparison({ parent: { name: parent.name, evaluation: p }, child: { name: child.name, evaluation: c } }),
      (e: unknown) => setError(describeError(e)),
    );
  }, [compareId, nodes]);

  const startPrune = (r: PruneRequest) => {
    if (modelId === null) return;
    setError(null);
    call('startPrune', { ...r, modelId }).then((res) => setPruneJobId(res.jobId), (e: unknown) => setError(describeError(e)));
  };
  const startStudy = (r: StudyRequest) => {
    if (modelId === null) return;
    setError(null);
    call('startPruneStudy', { ...r, modelId }).then((res) => setStudyJobId(res.jobId), (e: unknown) => setError(describeError(e)));
  };

  const submitStudy = (r: StudyRequest, target: ClusterTarget) => {
    if (modelId === null) return;
    setError(null);
    setSubmitted(null);
    call('submitToCluster', { work: { kind: 'prune-study', ...r, modelId }, target }).then(
      (c) => setSubmitted(`Submitted to Slurm as job ${c.schedulerJobId ?? '?'} (${c.tasks.length} tasks); follow it and collect it on the Jobs page.`),
      (e: unknown) => setError(describeError(e)),
    );
  };

  return (
    <section aria-labelledby="pruning-title" className="pruning">
      <h2 id="pruning-title">Pruning</h2>
      {lineage.error && <p className="error" role="alert">{lineage.error}</p>}
      {nodes.length === 0 && !lineage.loading ? (
        <EmptyState title="No trained model to prune yet">
          <p>Train a model on the Training page; it appears here with the importance of each removable unit and the similarity of its layers.</p>
        </EmptyState>
      ) : (
        <>
          <label className="row">
            Model
            <select name="prune-model" value={modelId ?? ''} onChange={(e) => setModelId(Number(e.target.value))}>
              {nodes.map((n) => (
                <option key={n.id} value={n.id}>
                  #{n.id} {n.name}
                </option>
              ))}
            </select>
          </label>
          {modelId !== null && <AnalysisPanel key={modelId} modelId={modelId} onBlocks={setBlocks} />}
          <div className="plots-2x1 prune-actions">
            <div>
              <h3>Prune</h3>
              <PruneForm busy={pruneWatch.running} blocks={blocks} onStart={startPrune} />
              {pruneWatch.job && <JobStatus job={pruneWatch.job} testId="prune-job" />}
            </div>
            <div>
              <h3>Study</h3>
              <StudyForm busy={studyWatch.running} onStart={startStudy} onSubmitToCluster={submitStudy} />
              {submitted && <p className="ok" data-testid="cluster-submitted">{submitted}</p>}
              {studyWatch.job && <JobStatus job={studyWatch.job} testId="study-job" />}
            </div>
          </div>
          {error && <p className="error" role="alert" data-testid="pruning-error">{error}</p>}
          {modelId !== null && <StoredStudies modelId={modelId} finished={studiesFinished} />}
          <div className="plots-2x1">
            <div>
              <h3>Lineage</h3>
              <p className="muted">Pick a pruned model to compare it with its parent.</p>
              <LineageTree nodes={nodes} selected={compareId} onSelect={setCompareId} />
            </div>
            <div>{comparison && <SnrComparison parent={comparison.parent} child={comparison.child} />}</div>
          </div>
        </>
      )}
    </section>
  );
}
