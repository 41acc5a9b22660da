// Shared by the train and evaluate commands: run one job in a worker process, print its
// progress to the log, and turn a failed job into the error the CLI reports.
import { AppError, type ErrorCode } from '../../shared/errors.ts';
import { JobHost } from '../engine/jobs/host.ts';
import type { JobRecord } from '../engine/store/jobs.ts';
import { openProject } from '../engine/store/project.ts';

/** A dataset given by id, or by its unique name. */
export function resolveDatasetId(projectPath: string, ref: string): number {
  if (/^\d+$/.test(ref)) return Number(ref);
  const store = openProject(projectPath);
  try {
    const found = store.listDatasets().filter((d) => d.name === ref);
    if (found.length !== 1) throw new AppError(found.length ? 'VALIDATION' : 'NOT_FOUND', `${projectPath}: ${found.length ? 'several datasets are' : 'no dataset is'} named '${ref}'; give its id`);
    return found[0]!.id;
  } finally {
    store.close();
  }
}

export async function runJobInWorker(projectPath: string, kind: string, config: Record<string, unknown>, log: (line: string) => void, backend?: string): Promise<JobRecord> {
  const host = new JobHost({ projectPath, backend });
  try {
    let lastLine = 0;
    host.onProgress((p) => {
      const now = Date.now();
      if (now - lastLine < 1000 && p.done !== p.total) return;
      lastLine = now;
      const m = p.metrics ?? {};
      const figures = Object.entries(m).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(', ');
      log(`job ${p.jobId} ${p.phase} ${p.done}/${p.total}${figures ? ` — ${figures}` : ''}`);
    });
    const jobId = host.start(kind, config);
    const onSigint = (): void => host.cancel(jobId);
    process.once('SIGINT', onSigint);
    const job = await host.wait(jobId);
    process.off('SIGINT', onSigint);
    if (job.status !== 'done') {
      const code = (job.error?.code ?? 'JOB_FAILED') as ErrorCode;
      throw new AppError(code, `${kind} job ${jobId} ${job.status}: ${job.error?.message ?? 'no reason recorded'}`);
    }
    return job;
  } finally {
    await host.close();
  }
}
