// Messages between the job host and a job worker process (structured-clone serialisation).
import type { ErrorData } from '../../../shared/errors.ts';
import type { JobProgress } from '../../../shared/dto.ts';

export type HostMessage =
  | { type: 'start'; jobId: number; kind: string; config: Record<string, unknown>; projectPath: string; backend?: string }
  | { type: 'cancel' }
  /** to a worker started ahead of its job: load the data-only kinds' code while nothing waits on it */
  | { type: 'preload' };

export type WorkerMessage =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'finished'; status: 'done'; result: Record<string, unknown> }
  | { type: 'finished'; status: 'failed' | 'cancelled'; error: ErrorData };
