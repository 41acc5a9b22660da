// Job worker process entry (forked by JobHost; bundled as out/main/job-worker.js). Runs one
// job with its own store connection and (unless the kind computes nothing) its own compute
// backend, then exits.
import { toErrorData } from '../../../shared/errors.ts';
import type { BackendName } from '../../../shared/dto.ts';
import { openProject } from '../store/project.ts';
import type { HostMessage, WorkerMessage } from './protocol.ts';
import { executeJob } from './execute-job.ts';
import { dataOnlyKinds, jobKinds } from './kinds/index.ts';

const abort = new AbortController();

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

/** Loaded here only, so that a data-only kind's worker never loads TF.js. */
async function chooseBackend(force: string | undefined): Promise<string> {
  const { initBackend } = await import('../ml/backend/index.ts');
  return (await initBackend(force ? { force: force as BackendName } : {})).chosen;
}

/**
 * Loads the runners of the kinds that compute nothing with TF.js (an import), which a UI starts
 * without notice: their job then starts with its code loaded, instead of loading it while the
 * page waits for its first figures. A failed load is the job's to report.
 */
async function preload(): Promise<void> {
  for (const kind of dataOnlyKinds) await jobKinds[kind]?.preload().catch(() => {});
}

async function start(m: Extract<HostMessage, { type: 'start' }>): Promise<void> {
  let finished: Extract<WorkerMessage, { type: 'finished' }>;
  try {
    const backendNote = dataOnlyKinds.has(m.kind) ? 'no compute backend' : `on backend ${await chooseBackend(m.backend)}`;
    const store = openProject(m.projectPath);
    try {
      store.updateJob(m.jobId, { appendLog: `${new Date().toISOString()} worker ${process.pid} ${backendNote}\n` });
      finished = await executeJob(store, m, abort.signal, (progress) => void send({ type: 'progress', progress }));
    } finally {
      store.close();
    }
  } catch (err) {
    finished = { type: 'finished', status: 'failed', error: toErrorData(err) };
  }
  await send(finished);
  process.disconnect();
}

process.on('message', (m: HostMessage) => {
  if (m.type === 'cancel') abort.abort();
  else if (m.type === 'start') void start(m);
  else if (m.type === 'preload') void preload();
});
// The host going away (crash, quit) cancels the job instead of orphaning the process.
process.on('disconnect', () => abort.abort());
