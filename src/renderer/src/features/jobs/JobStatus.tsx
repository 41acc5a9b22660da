// A running or finished job in one line: progress bar, a way to stop it, then its error if it failed.
import type { JobDetail } from '../../../../shared/dto.ts';
import { call } from '../../api.ts';
import { JobProgressBar } from './JobProgressBar.tsx';

export function JobStatus({ job, testId }: { job: JobDetail; testId: string }) {
  const running = job.status === 'queued' || job.status === 'running';
  return (
    <div className="job-status" data-testid={testId} data-job-id={job.id} data-status={job.status}>
      <span className="muted">
        {job.kind} job {job.id}
      </span>{' '}
      <JobProgressBar job={job} />
      {running && (
        <button type="button" className="link" onClick={() => void call('cancelJob', { jobId: job.id }).catch(() => undefined)}>
          Cancel
        </button>
      )}
      {job.error && (
        <p className="error" role="alert">
          {`${job.error.code}: ${job.error.message}`}
        </p>
      )}
    </div>
  );
}
