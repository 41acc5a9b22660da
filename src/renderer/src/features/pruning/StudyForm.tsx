// A pruning study: every ticked method × every ticked recovery at one ratio, next to the baseline.
import { useState, type FormEvent } from 'react';
import type { ClusterTarget } from '../../../../shared/cluster-jobs.ts';
import type { ChannelInput } from '../../../../shared/contract.ts';
import { pruneMethodNames, recoveryChoices, type PruneMethodName } from '../../../../shared/pruning.ts';
import { submittableTarget, useClusterTarget } from '../../hooks/useClusterTarget.ts';
import { ClusterTargetFields } from '../jobs/ClusterTargetFields.tsx';

export type StudyRequest = Omit<ChannelInput<'startPruneStudy'>, 'modelId'>;

function toggle<T>(list: T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function StudyForm({
  busy,
  onStart,
  onSubmitToCluster,
}: {
  busy: boolean;
  onStart: (r: StudyRequest) => void;
  /** sends the study to a Slurm cluster as an array job, one task per cell */
  onSubmitToCluster: (r: StudyRequest, target: ClusterTarget) => void;
}) {
  const [methods, setMethods] = useState<PruneMethodName[]>(['reverse-order', 'magnitude-l1', 'blockwise']);
  const [recoveries, setRecoveries] = useState<string[]>(['none', 'partial-3']);
  const [ratio, setRatio] = useState(0.25);
  const [epochs, setEpochs] = useState(1);
  const [target, setTarget] = useClusterTarget();
  const runnable = methods.length > 0 && recoveries.length > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (methods.length === 0 || recoveries.length === 0) return;
    onStart({ methods, recoveries, ratio, epochs });
  };

  return (
    <form className="study-form" onSubmit={submit} aria-label="Study settings">
      <fieldset>
        <legend>Methods</legend>
        {pruneMethodNames.map((m) => (
          <label key={m}>
            <input type="checkbox" name="study-method" value={m} checked={methods.includes(m)} onChange={() => setMethods((l) => toggle(l, m))} />
            {m}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Recoveries</legend>
        {recoveryChoices.map((r) => (
          <label key={r}>
            <input type="checkbox" name="study-recovery" value={r} checked={recoveries.includes(r)} onChange={() => setRecoveries((l) => toggle(l, r))} />
            {r}
          </label>
        ))}
      </fieldset>
      <div className="train-form">
        <label>
          Ratio
          <input name="study-ratio" type="number" min={0} max={0.95} step="any" value={ratio} onChange={(e) => setRatio(Number(e.target.value))} />
        </label>
        <label>
          Epochs
          <input name="study-epochs" type="number" min={1} max={1000} value={epochs} onChange={(e) => setEpochs(Number(e.target.value))} />
        </label>
        <button type="submit" disabled={busy || !runnable}>
          Run study ({methods.length * recoveries.length} runs)
        </button>
      </div>
      <details className="cluster-submit">
        <summary>Run on a Slurm cluster</summary>
        <ClusterTargetFields target={target} onChange={setTarget} />
        <button
          type="button"
          disabled={!runnable || target.workdir.trim() === ''}
          onClick={() => onSubmitToCluster({ methods, recoveries, ratio, epochs }, submittableTarget(target))}
        >
          Submit to cluster ({methods.length * recoveries.length + 1} tasks with the baseline)
        </button>
      </details>
    </form>
  );
}
