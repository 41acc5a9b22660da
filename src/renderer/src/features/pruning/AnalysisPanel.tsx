// Scores every removable unit of the chosen model under one metric and shows the CKA heat map
// with its Fisher blocks; K defaults to the elbow of the segmentation cost curve.
import { useCallback, useEffect, useState } from 'react';
import type { JobDetail, PruneAnalysis } from '../../../../shared/dto.ts';
import { selectionMetricNames, type SelectionMetricName } from '../../../../shared/pruning.ts';
import { call, describeError } from '../../api.ts';
import { useJobWatch } from '../../hooks/useJobWatch.ts';
import { JobStatus } from '../jobs/JobStatus.tsx';
import { SimilarityHeatmap } from './SimilarityHeatmap.tsx';
import { UnitScoresChart } from './UnitScoresChart.tsx';

export function AnalysisPanel({ modelId, onBlocks }: { modelId: number; onBlocks: (k: number | null) => void }) {
  const [metric, setMetric] = useState<SelectionMetricName>('magnitude-l1');
  const [jobId, setJobId] = useState<number | null>(null);
  const [analysis, setAnalysis] = useState<PruneAnalysis | null>(null);
  const [blocks, setBlocks] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const finished = useCallback((j: JobDetail) => {
    if (j.status !== 'done') return;
    call('getPruneAnalysis', { jobId: j.id }).then(
      (a) => {
        setAnalysis(a);
        setBlocks(a?.elbow ?? null);
      },
      (e: unknown) => setError(describeError(e)),
    );
  }, []);
  const watch = useJobWatch(jobId, finished);

  // a new model or metric makes a running analysis stale: stop its worker rather than let it finish
  useEffect(() => {
    setAnalysis(null);
    setError(null);
    let stale = false;
    let started: number | null = null;
    const stop = (jobId: number) => void call('cancelJob', { jobId }).catch(() => undefined);
    call('startPruneAnalysis', { modelId, metric }).then(
      (r) => {
        if (stale) return stop(r.jobId);
        started = r.jobId;
        setJobId(r.jobId);
      },
      (e: unknown) => !stale && setError(describeError(e)),
    );
    return () => {
      stale = true;
      if (started !== null) stop(started);
    };
  }, [modelId, metric]);

  useEffect(() => onBlocks(blocks), [blocks, onBlocks]);

  const k = blocks ?? analysis?.elbow ?? 1;
  return (
    <div className="analysis" data-testid="prune-analysis" data-ready={analysis !== null}>
      <div className="train-form">
        <label>
          Metric
          <select name="prune-metric" value={metric} onChange={(e) => setMetric(e.target.value as SelectionMetricName)}>
            {selectionMetricNames.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        {analysis && (
          <label>
            Blocks K
            <select name="prune-blocks" value={k} onChange={(e) => setBlocks(Number(e.target.value))}>
              {analysis.segmentations.map((s) => (
                <option key={s.blocks} value={s.blocks}>
                  {s.blocks}
                  {s.blocks === analysis.elbow ? ' (elbow)' : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        {watch.job && watch.running && <JobStatus job={watch.job} testId="analysis-job" />}
      </div>
      {watch.job?.error && <JobStatus job={watch.job} testId="analysis-job" />}
      {(error ?? watch.error) && (
        <p className="error" role="alert">
          {error ?? watch.error}
        </p>
      )}
      {analysis && (
        <div className="plots-2x1">
          <UnitScoresChart analysis={analysis} blocks={k} />
          <SimilarityHeatmap analysis={analysis} blocks={k} />
        </div>
      )}
    </div>
  );
}
