// Work sent to a Slurm cluster: each array job with the state of its tasks, asking Slurm again,
// collecting what finished (each result merged once), and cancelling.
import { useState } from 'react';
import type { ClusterCollectSummary, ClusterJobSummary, ClusterTaskSummary } from '../../../../shared/cluster-jobs.ts';
import { call, describeError } from '../../api.ts';
import { useAsync } from '../../hooks/useAsync.ts';

function taskLabel(t: ClusterTaskSummary): string {
  return t.outcome === 'pending' ? t.schedulerState : `${t.schedulerState} · ${t.outcome}`;
}

function TaskStates({ job }: { job: ClusterJobSummary }) {
  return (
    <ul className="cluster-tasks" aria-label={`Tasks of cluster job ${job.id}`}>
      {job.tasks.map((t) => (
        <li key={t.task} className={`cluster-task outcome-${t.outcome}`} data-task={t.task} data-outcome={t.outcome} title={t.message ?? undefined}>
          {t.task}: {taskLabel(t)}
        </li>
      ))}
    </ul>
  );
}

function CollectReport({ report }: { report: ClusterCollectSummary }) {
  return (
    <section className="job-log" aria-label={`Collect report of cluster job ${report.clusterJobId}`}>
      <h3>
        Collected cluster job {report.clusterJobId} (Slurm job {report.schedulerJobId ?? '—'})
      </h3>
      <ul>
        {report.tasks.map((t) => (
          <li key={t.task} data-task={t.task} data-outcome={t.outcome}>
            task {t.task}: <strong>{t.outcome}</strong> — {t.message}
            {t.logTail && <pre>{t.logTail}</pre>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `onChanged`: results were merged or tasks failed, so the project's own jobs changed too. */
export function ClusterJobs({ onChanged }: { onChanged: () => void }) {
  const jobs = useAsync(() => call('listClusterJobs', {}), []);
  const [busy, setBusy] = useState<number | null>(null);
  const [report, setReport] = useState<ClusterCollectSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const act = (id: number, action: () => Promise<unknown>) => {
    setBusy(id);
    setError(null);
    action()
      .catch((e: unknown) => setError(describeError(e)))
      .finally(() => {
        setBusy(null);
        jobs.reload();
        onChanged();
      });
  };
  const collect = (id: number) => act(id, () => call('collectClusterJob', { clusterJobId: id }).then(setReport));

  const list = jobs.value ?? [];
  if (list.length === 0 && !jobs.error) return null;
  return (
    <section aria-labelledby="cluster-jobs-title">
      <h3 id="cluster-jobs-title">Cluster jobs</h3>
      {(jobs.error ?? error) && <p className="error" role="alert">{jobs.error ?? error}</p>}
      <table className="grid" aria-label="Cluster jobs">
        <thead>
          <tr>
            <th>#</th>
            <th>Kind</th>
            <th>Slurm job</th>
            <th>Tasks</th>
            <th>Submitted</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((j) => {
            const active = j.tasks.some((t) => t.outcome === 'pending');
            return (
              <tr key={j.id} data-cluster-job-id={j.id}>
                <td>{j.id}</td>
                <td>
                  {j.kind}
                  {j.jobId !== null && <span className="muted"> → job {j.jobId}</span>}
                </td>
                <td>
                  {j.schedulerJobId ?? '—'}
                  {j.host && <span className="muted"> on {j.host}</span>}
                </td>
                <td>
                  <TaskStates job={j} />
                </td>
                <td>{new Date(j.createdAt).toLocaleString()}</td>
                <td className="actions">
                  <button type="button" disabled={busy !== null} onClick={() => act(j.id, () => call('refreshClusterJob', { clusterJobId: j.id }))}>
                    Refresh
                  </button>
                  <button type="button" disabled={busy !== null} onClick={() => collect(j.id)}>
                    Collect
                  </button>
                  <button type="button" disabled={busy !== null || !active} onClick={() => act(j.id, () => call('cancelClusterJob', { clusterJobId: j.id }))}>
                    Cancel
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {report && <CollectReport report={report} />}
    </section>
  );
}
