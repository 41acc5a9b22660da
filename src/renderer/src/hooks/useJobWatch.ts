// Follows one job: pushed progress events move it at once, polling picks up its log, status and
// error; `onFinished` runs once when it stops, however it stopped; `onProgress` sees each event
// of this job, for pages that chart its metrics live.
import { useEffect, useRef, useState } from 'react';
import type { JobDetail, JobProgress } from '../../../shared/dto.ts';
import { call, describeError, subscribe } from '../api.ts';

const pollMs = 700;

export interface JobWatch {
  job: JobDetail | null;
  error: string | null;
  running: boolean;
}

export function useJobWatch(jobId: number | null, onFinished?: (job: JobDetail) => void, onProgress?: (p: JobProgress) => void): JobWatch {
  const [job, setJob] = useState<JobDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const progressed = useRef(onProgress);
  progressed.current = onProgress;

  useEffect(() => {
    setJob(null);
    setError(null);
    if (jobId === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      call('getJob', { jobId }).then(
        (j) => {
          if (!live) return;
          setJob(j);
          if (j.status === 'queued' || j.status === 'running') timer = setTimeout(poll, pollMs);
          else finished.current?.(j);
        },
        (e: unknown) => live && setError(describeError(e)),
      );
    };
    poll();
    const unsubscribe = subscribe('jobProgress', (p) => {
      if (p.jobId !== jobId || !live) return;
      setJob((prev) => (prev && (prev.status === 'queued' || prev.status === 'running') ? { ...prev, done: p.done, total: p.total, phase: p.phase, status: p.status === 'done' ? 'running' : p.status } : prev));
      progressed.current?.(p);
    });
    return () => {
      live = false;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [jobId]);

  return { job, error, running: job !== null && (job.status === 'queued' || job.status === 'running') };
}
