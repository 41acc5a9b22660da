// Pruning: pick a trained model, see which units matter and which compute alike, prune it or
// run a study over methods × recoveries, compare accuracy vs SNR, and follow the lineage.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { call } from '../../api.ts';
import { EmptyState } from '../../app/EmptyState.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import { JobStatus } from '../jobs/JobStatus.tsx';
import { AnalysisPanel } from './AnalysisPanel.tsx';
import { LineageTree } from './LineageTree.tsx';
import { PruneForm } from './PruneForm.tsx';
import { SnrComparison } from './SnrComparison.tsx';
import { StudyForm } from './StudyForm.tsx';
import { StoredStudies } from './StoredStudies.tsx';
import { useParentComparison } from './useParentComparison.ts';
import { usePruningJobs } from './usePruningJobs.ts';

export function PruningPage({ onProjectChanged }: { onProjectChanged: () => void }) {
  const lineage = useAsync(() => call('getLineage', {}), []);
  const nodes = useMemo(() => lineage.value ?? [], [lineage.value]);
  const [modelId, setModelId] = useState<number | null>(null);
  const [blocks, setBlocks] = useState<number | null>(null);
  const [compareId, setCompareId] = useState<number | null>(null);

  useEffect(() => {
    if (modelId === null && nodes[0]) setModelId(nodes[0].id);
  }, [nodes, modelId]);

  const onPruned = useCallback(
    (childId: number | null) => {
      lineage.reload();
      onProjectChanged();
      if (childId !== null) setCompareId(childId);
    },
    [lineage.reload, onProjectChanged],
  );
  const jobs = usePruningJobs(modelId, onPruned);
  const { comparison, error: comparisonError } = useParentComparison(compareId, nodes);
  const error = jobs.error ?? comparisonError;

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
              <PruneForm busy={jobs.prune.running} blocks={blocks} onStart={jobs.startPrune} />
              {jobs.prune.job && <JobStatus job={jobs.prune.job} testId="prune-job" />}
            </div>
            <div>
              <h3>Study</h3>
              <StudyForm busy={jobs.study.running} onStart={jobs.startStudy} onSubmitToCluster={jobs.submitStudy} />
              {jobs.submitted && <p className="ok" data-testid="cluster-submitted">{jobs.submitted}</p>}
              {jobs.study.job && <JobStatus job={jobs.study.job} testId="study-job" />}
            </div>
          </div>
          {error && <p className="error" role="alert" data-testid="pruning-error">{error}</p>}
          {modelId !== null && <StoredStudies modelId={modelId} finished={jobs.studiesFinished} />}
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
