import type { JobSummary } from '../../../../shared/dto.ts';

export function percent(job: Pick<JobSummary, 'done' | 'total' | 'status'>): number {
  if (job.status === 'done') return 100;
  return job.total > 0 ? Math.min(100, Math.round((100 * job.done) / job.total)) : 0;
}

export function JobProgressBar({ job }: { job: Pick<JobSummary, 'id' | 'done' | 'total' | 'status' | 'phase'> }) {
  const pct = percent(job);
  return (
    <span className="job-progress">
      <progress max={100} value={pct} aria-label={`Job ${job.id} progress`} data-testid={`job-progress-${job.id}`} data-percent={pct} />
      <span>
        {pct}% · {job.status}
        {job.phase ? ` · ${job.phase}` : ''}
      </span>
    </span>
  );
}
