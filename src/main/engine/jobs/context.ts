// What a job body receives: its own store connection, its id, and ways to report and stop.
import type { ProjectStore } from '../store/project.ts';

export interface JobContext {
  store: ProjectStore;
  jobId: number;
  signal: AbortSignal;
  /** progress in the current phase; metrics are small named numbers (loss, accuracy, …) */
  progress(phase: string, done: number, total: number, metrics?: Record<string, number>): void;
  log(line: string): void;
}

/** A job kind's body: validates its config, does the work, returns the result stored on the job row. */
export type JobRunner = (ctx: JobContext, config: Record<string, unknown>) => Promise<Record<string, unknown>>;
