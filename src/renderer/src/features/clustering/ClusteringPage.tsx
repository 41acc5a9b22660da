// Clustering: group an unlabelled dataset by modulation with an encoder transferred from a
// labelled one, look at the clusters (map, density constellations, spectra), name, merge or split
// them, and write the named ones as a new labelled dataset.
import { useCallback, useEffect, useState } from 'react';
import type { ClusterCardView, ClusterRunView } from '../../../../shared/clustering.ts';
import type { JobDetail } from '../../../../shared/dto.ts';
import { call, describeError } from '../../api.ts';
import { EmptyState } from '../../app/EmptyState.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import { useJobWatch } from '../../hooks/useJobWatch.ts';
import { JobStatus } from '../jobs/JobStatus.tsx';
import { ClusterCards, type CardActions } from './ClusterCards.tsx';
import { ClusterForm, type ClusterRequest } from './ClusterForm.tsx';
import { ClusterMap } from './ClusterMap.tsx';
import { ClusterScores } from './ClusterScores.tsx';

export function ClusteringPage({ onProjectChanged }: { onProjectChanged: () => void }) {
  const datasets = useAsync(() => call('listDatasets', {}), []);
  const runs = useAsync(() => call('listClusterRuns', {}), []);
  const [runId, setRunId] = useState<number | null>(null);
  const [run, setRun] = useState<ClusterRunView | null>(null);
  const [cards, setCards] = useState<ClusterCardView[]>([]);
  const [jobId, setJobId] = useState<number | null>(null);
  const [datasetName, setDatasetName] = useState('');
  const [written, setWritten] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const list = runs.value ?? [];
    if (runId === null && list.length > 0) setRunId(list.at(-1)!.id);
  }, [runs.value, runId]);

  const refreshCards = useCallback((id: number) => {
    call('getClusterCards', { runId: id }).then(setCards, (e: unknown) => setError(describeError(e)));
  }, []);

  useEffect(() => {
    setRun(null);
    setCards([]);
    setWritten(null);
    if (runId === null) return;
    call('getClusterRun', { runId }).then(setRun, (e: unknown) => setError(describeError(e)));
    refreshCards(runId);
  }, [runId, refreshCards]);

  const finished = useCallback(
    (j: JobDetail) => {
      if (j.status !== 'done') return;
      call('listClusterRuns', {}).then(
        (list) => {
          runs.reload();
          const made = list.find((r) => r.jobId === j.id);
          if (made) setRunId(made.id);
        },
        (e: unknown) => setError(describeError(e)),
      );
    },
    [runs.reload],
  );
  const watch = useJobWatch(jobId, finished);

  const start = (r: ClusterRequest) => {
    setError(null);
    call('startClustering', r).then((res) => setJobId(res.jobId), (e: unknown) => setError(describeError(e)));
  };

  /** An edit returns the new view; the cards follow when members moved. */
  const edit = (work: Promise<ClusterRunView>, membersMoved: boolean) => {
    setError(null);
    work.then(
      (view) => {
        setRun(view);
        if (membersMoved) refreshCards(view.id);
      },
      (e: unknown) => setError(describeError(e)),
    );
  };
  const actions: CardActions = {
    onName: (cluster, name) => runId !== null && edit(call('nameClusters', { runId, names: { [String(cluster)]: name } }), false),
    onMerge: (from, into) => runId !== null && edit(call('mergeClusters', { runId, from, into }), true),
    onSplit: (cluster) => runId !== null && edit(call('splitCluster', { runId, cluster }), true),
  };
  const named = run ? run.clusters.filter((c) => c.name && c.size > 0) : [];
  const writeDataset = () => {
    if (runId === null) return;
    setError(null);
    call('writeLabelledDataset', { runId, ...(datasetName.trim() ? { name: datasetName.trim() } : {}) }).then(
      (d) => {
        setWritten(`Dataset #${d.id} “${d.name}”: ${d.count} signals in ${d.classes.length} classes (${d.classes.join(', ')}).`);
        datasets.reload();
        onProjectChanged();
      },
      (e: unknown) => setError(describeError(e)),
    );
  };

  const list = datasets.value ?? [];
  return (
    <section aria-labelledby="clustering-title" className="clustering">
      <h2 id="clustering-title">Clustering</h2>
      {datasets.error && <p className="error" role="alert">{datasets.error}</p>}
      {list.length === 0 && !datasets.loading ? (
        <EmptyState title="No dataset to cluster yet">
          <p>Import or generate a dataset on the Datasets page: an unlabelled capture to cluster, and a labelled set of the same kind of signals to transfer the encoder from.</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted">
            Deep transfer clustering: an encoder trained as a classifier on the labelled source embeds the target; k-means starts the clusters and
            self-training (Student-t soft assignments against a sharpened target, plus a pairwise term) refines them. k-means on raw I/Q, on
            spectra and cumulants, and on the embedding before fine-tuning run beside it.
          </p>
          <ClusterForm datasets={list} busy={watch.running} onStart={start} />
          {watch.job && <JobStatus job={watch.job} testId="cluster-job" />}
          {error && <p className="error" role="alert" data-testid="clustering-error">{error}</p>}
          {(runs.value ?? []).length > 0 && (
            <label className="row">
              Run
              <select name="cluster-run" value={runId ?? ''} onChange={(e) => setRunId(Number(e.target.value))}>
                {(runs.value ?? []).map((r) => (
                  <option key={r.id} value={r.id}>
                    #{r.id} {r.name} (K {r.k}, {r.transfer === 'source' ? 'transferred' : 'no transfer'})
                  </option>
                ))}
              </select>
            </label>
          )}
          {run && (
            <div data-testid="cluster-run" data-run={run.id}>
              <p className="muted">
                K = {run.k} · encoder {run.encoder} · stopped by {run.stoppedBy === 'tolerance' ? 'the 0.1 % rule' : 'the iteration limit'} after {run.iterations} iterations · seed {run.seed}
                {run.kEstimate ? ` · K estimated by silhouette over ${run.kEstimate.scores[0]!.k}–${run.kEstimate.scores.at(-1)!.k}` : ''}
              </p>
              {run.map && <ClusterMap map={run.map} clusters={run.clusters} />}
              <ClusterCards cards={cards} clusters={run.clusters} classes={run.classes} actions={actions} />
              <div className="row write-labelled">
                <input name="labelled-name" aria-label="name of the new dataset" placeholder="new dataset name" value={datasetName} onChange={(e) => setDatasetName(e.target.value)} />
                <button type="button" name="write-labelled" disabled={named.length === 0} onClick={writeDataset}>
                  Write {named.length} named cluster{named.length === 1 ? '' : 's'} as a labelled dataset
                </button>
              </div>
              {written && <p data-testid="labelled-written">{written}</p>}
              <ClusterScores run={run} />
            </div>
          )}
        </>
      )}
    </section>
  );
}
