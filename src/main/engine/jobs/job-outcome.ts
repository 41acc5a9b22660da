// A finished job as its caller sees it: the result when it is done, else the error it recorded.
import { AppError, errorCodes, type ErrorCode } from '../../../shared/errors.ts';
import type { JobRecord } from '../store/jobs.ts';

/** A code a job row recorded, as one the contract knows (a worker's own codes become JOB_FAILED). */
export function recordedErrorCode(code: string | undefined): ErrorCode {
  return code !== undefined && (errorCodes as readonly string[]).includes(code) ? (code as ErrorCode) : 'JOB_FAILED';
}

/** The job's result; throws its recorded error (CANCELLED, BAD_FILE, …) when it did not finish. */
export function requireDone(job: JobRecord): Record<string, unknown> {
  if (job.status === 'done') return (job.result ?? {}) as Record<string, unknown>;
  throw new AppError(recordedErrorCode(job.error?.code), `${job.kind} job ${job.id} ${job.status}: ${job.error?.message ?? 'no reason recorded'}`);
}
