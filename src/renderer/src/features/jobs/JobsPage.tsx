// Every job of the project: progress, cancel, and its log; and the work sent to a cluster.
import { useEffect, useState } from 'react';
import type { JobDetail } from '../../../../shared/dto.ts';
import { call, describeError } from '../../api.ts';
import { EmptyState } from '../../app/EmptyState.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import { useJobProgress } from '../../hooks/useJobProgress.ts';
import { ClusterJobs } from './ClusterJobs.tsx';
import { JobProgressBar } from './JobProgressBar.tsx';

export function JobsPage() {
  const jobs = useAsync(() => call('listJobs', {}), []);
  const live = useJobProgress();
  const [open, setOpen] = useState<JobDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  // a job that finishes or starts changes the list: refresh it
  const finished = [...live.values()].filter((p) => p.status !== 'running').length;
  useEffect(() => jobs.reload(), [finished, jobs.reload]);

  const show = (jobId: number) => call('getJob', { jobId }).then(setOpen, (e: unknown) => setError(describeError(e)));
  const cancel = (jobId: number) =>
    call('cancelJob', { jobId }).then(
      () => jobs.reload(),
      (e: unknown) => setError(describeError(e)),
    );
  const resume = (jobId: number) =>
    call('resumeJob', { jobId }).then(
      () => jobs.reload(),
      (e: unknown) => setError(describeError(e)),
    );

  const list = jobs.value ?? [];
  return (
    <section aria-labelledby="jobs-title">
      <h2 id="jobs-title">Jobs</h2>
      {(jobs.error ?? error) && <p className="error" role="alert">{jobs.error ?? error}</p>}
      {list.length === 0 && !jobs.loading ? (
        <EmptyState title="No jobs yet">
          <p>Training, evaluation, pruning, distillation and export run as jobs; they appear here with their progress and log.</p>
        </EmptyState>
      ) : (
        <table className="grid" aria-label="Jobs">
          <thead>
            <tr>
              <th>#</th>
              <th>Kind</th>
              <th>Progress</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((j) => {
              const p = live.get(j.id);
              const merged = p ? { ...j, done: p.done, total: p.total, status: p.status, phase: p.phase } : j;
              const active = merged.status === 'queued' || merged.status === 'running';
              return (
                <tr key={j.id} data-job-id={j.id}>
                  <td>{j.id}</td>
                  <td>{j.kind}</td>
                  <td>
                    <JobProgressBar job={merged} />
                  </td>
                  <td>{new Date(j.createdAt).toLocaleString()}</td>
                  <td className="actions">
                    <button type="button" onClick={() => void show(j.id)}>
                      Log
                    </button>
                    <button type="button" disabled={!active} onClick={() => void cancel(j.id)}>
                      Cancel
                    </button>
                    {j.kind === 'train' && (merged.status === 'failed' || merged.status === 'cancelled') && (
                      <button type="button" title="Continue from the last finished epoch's checkpoint" onClick={() => void resume(j.id)}>
                        Resume
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ClusterJobs onChanged={jobs.reload} />
      {open && (
        <section className="job-log" aria-label={`Log of job ${open.id}`}>
          <h3>
            Job {open.id} · {open.kind} · {open.status}
          </h3>
          {open.error && <p className="error">{`${open.error.code}: ${open.error.message}`}</p>}
          <pre data-testid="job-log">{open.log.join('\n') || '(empty log)'}</pre>
        </section>
      )}
    </section>
  );
}
