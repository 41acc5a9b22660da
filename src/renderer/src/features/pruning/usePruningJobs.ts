// The Pruning page's jobs on one model: a prune (whose child model joins the lineage) and a
// study (counted when it is done, so that the stored studies list reloads), each followed while it
// runs; or the study submitted to a Slurm cluster, followed on the Jobs page.
import { useCallback, useState } from 'react';
import type { ClusterTarget } from '../../../../shared/cluster-jobs.ts';
import type { JobDetail } from '../../../../shared/dto.ts';
import { call, describeError } from '../../api.ts';
import { useJobWatch, type JobWatch } from '../../hooks/useJobWatch.ts';
import type { PruneRequest } from './PruneForm.tsx';
import type { StudyRequest } from './StudyForm.tsx';

export interface PruningJobs {
  prune: JobWatch;
  study: JobWatch;
  /** studies finished since the page opened: the stored studies list reloads when it changes */
  studiesFinished: number;
  /** what the cluster said when the study was submitted to it */
  submitted: string | null;
  error: string | null;
  startPrune(request: PruneRequest): void;
  startStudy(request: StudyRequest): void;
  submitStudy(request: StudyRequest, target: ClusterTarget): void;
}

/** onPruned runs when a prune job stops, with the child model's id when it succeeded. */
export function usePruningJobs(modelId: number | null, onPruned: (childId: number | null) => void): PruningJobs {
  const [pruneJobId, setPruneJobId] = useState<number | null>(null);
  const [studyJobId, setStudyJobId] = useState<number | null>(null);
  const [studiesFinished, setStudiesFinished] = useState(0);
  const [submitted, setSubmitted] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const pruneDone = useCallback((j: JobDetail) => onPruned(j.status === 'done' ? j.modelId : null), [onPruned]);
  const studyDone = useCallback((j: JobDetail) => {
    if (j.status === 'done') setStudiesFinished((n) => n + 1);
  }, []);
  const prune = useJobWatch(pruneJobId, pruneDone);
  const study = useJobWatch(studyJobId, studyDone);

  return {
    prune,
    study,
    studiesFinished,
    submitted,
    error,
    startPrune: (r) => {
      if (modelId === null) return;
      setError(null);
      call('startPrune', { ...r, modelId }).then((res) => setPruneJobId(res.jobId), (e: unknown) => setError(describeError(e)));
    },
    startStudy: (r) => {
      if (modelId === null) return;
      setError(null);
      call('startPruneStudy', { ...r, modelId }).then((res) => setStudyJobId(res.jobId), (e: unknown) => setError(describeError(e)));
    },
    submitStudy: (r, target) => {
      if (modelId === null) return;
      setError(null);
      setSubmitted(null);
      call('submitToCluster', { work: { kind: 'prune-study', ...r, modelId }, target }).then(
        (c) => setSubmitted(`Submitted to Slurm as job ${c.schedulerJobId ?? '?'} (${c.tasks.length} tasks); follow it and collect it on the Jobs page.`),
        (e: unknown) => setError(describeError(e)),
      );
    },
  };
}
