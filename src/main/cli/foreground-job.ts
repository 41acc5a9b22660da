// How a CLI command runs a job: on the engine's jobs, in a worker process, waited for in the
// foreground — progress lines to the log, Ctrl-C cancels it, and a job that does not finish
// becomes the command's error.
import type { JobProgress } from '../../shared/dto.ts';
import type { Engine } from '../engine/engine.ts';
import { requireDone } from '../engine/jobs/job-outcome.ts';
import type { JobRecord } from '../engine/store/jobs.ts';

const progressLineMs = 1000;

/** Progress events as log lines: at most one a second, plus the last of each phase. */
export function progressLogger(log: (line: string) => void): (p: JobProgress) => void {
  let lastLine = 0;
  return (p) => {
    const now = Date.now();
    if (now - lastLine < progressLineMs && p.done !== p.total) return;
    lastLine = now;
    const figures = Object.entries(p.metrics ?? {}).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(', ');
    log(`job ${p.jobId} ${p.phase} ${p.done}/${p.total}${figures ? ` — ${figures}` : ''}`);
  };
}

/** Submits the job (a config the kind refuses fails here, recording no job) and waits for it. */
export async function runForegroundJob(
  engine: Engine,
  kind: string,
  config: Record<string, unknown>,
  onProgress?: (p: JobProgress) => void,
): Promise<JobRecord> {
  return followJob(engine, await engine.jobs.submit(kind, config), onProgress);
}

/**
 * Waits in the foreground for a job already started (a new one, or one resumed); onProgress
 * (default: progressLogger's lines) sees this job's events. Throws the job's recorded error
 * unless it finished.
 */
export async function followJob(engine: Engine, jobId: number, onProgress: (p: JobProgress) => void = progressLogger(engine.log)): Promise<JobRecord> {
  const unsubscribe = engine.jobs.subscribe((p) => {
    if (p.jobId === jobId) onProgress(p);
  });
  const onSigint = (): void => void engine.jobs.cancel(jobId);
  process.once('SIGINT', onSigint);
  try {
    const job = await engine.jobs.wait(jobId);
    requireDone(job);
    return job;
  } finally {
    process.off('SIGINT', onSigint);
    unsubscribe();
  }
}
