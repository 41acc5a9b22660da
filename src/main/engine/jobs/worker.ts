// Job worker process entry (forked by JobHost; bundled as out/main/job-worker.js). Runs one
// job with its own store connection and compute backend, then exits.
import { toErrorData } from '../../../shared/errors.ts';
import type { BackendName } from '../../../shared/dto.ts';
import { initBackend } from '../ml/backend/index.ts';
import { openProject } from '../store/project.ts';
import type { HostMessage, WorkerMessage } from './protocol.ts';
import { executeJob } from './execute-job.ts';

const abort = new AbortController();

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

async function start(m: Extract<HostMessage, { type: 'start' }>): Promise<void> {
  let finished: Extract<WorkerMessage, { type: 'finished' }>;
  try {
    const backend = await initBackend(m.backend ? { force: m.backend as BackendName } : {});
    const store = openProject(m.projectPath);
    try {
      store.updateJob(m.jobId, { appendLog: `${new Date().toISOString()} worker ${process.pid} on backend ${backend.chosen}\n` });
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
});
// The host going away (crash, quit) cancels the job instead of orphaning the process.
process.on('disconnect', () => abort.abort());
