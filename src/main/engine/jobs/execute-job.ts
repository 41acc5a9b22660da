// Executes one job body against an open store: status, throttled progress and log on the job
// row, and the outcome as data. Used by the worker process (and usable in-process).
import { AppError, toErrorData } from '../../../shared/errors.ts';
import type { JobProgress } from '../../../shared/dto.ts';
import type { ProjectStore } from '../store/project.ts';
import type { JobContext } from './context.ts';
import { jobKinds } from './kinds/index.ts';
import type { WorkerMessage } from './protocol.ts';

const storeEveryMs = 500;

export async function executeJob(
  store: ProjectStore,
  job: { jobId: number; kind: string; config: Record<string, unknown> },
  signal: AbortSignal,
  emit: (progress: JobProgress) => void,
): Promise<Extract<WorkerMessage, { type: 'finished' }>> {
  const { jobId, kind } = job;
  let lastStored = 0;
  const ctx: JobContext = {
    store,
    jobId,
    signal,
    progress(phase, done, total, metrics) {
      emit({ jobId, kind, phase, done, total, metrics, status: 'running' });
      const now = Date.now();
      if (now - lastStored >= storeEveryMs || done === total) {
        lastStored = now;
        store.updateJob(jobId, { phase, done, total });
      }
    },
    log(line) {
      store.updateJob(jobId, { appendLog: `${new Date().toISOString()} ${line}\n` });
    },
  };
  try {
    const runner = jobKinds[kind];
    if (!runner) throw new AppError('VALIDATION', `unknown job kind '${kind}' (known: ${Object.keys(jobKinds).join(', ')})`);
    store.updateJob(jobId, { status: 'running', error: null });
    const result = await runner(ctx, job.config);
    store.updateJob(jobId, { status: 'done', result });
    store.foldWal();
    emit({ jobId, kind, phase: 'done', done: 1, total: 1, status: 'done' });
    return { type: 'finished', status: 'done', result };
  } catch (err) {
    const error = toErrorData(err);
    const status = error.code === 'CANCELLED' ? 'cancelled' : 'failed';
    store.updateJob(jobId, { status, error, appendLog: `${new Date().toISOString()} ${status}: ${error.message}\n` });
    store.foldWal();
    emit({ jobId, kind, phase: status, done: 0, total: 0, status, message: error.message });
    return { type: 'finished', status, error };
  }
}
