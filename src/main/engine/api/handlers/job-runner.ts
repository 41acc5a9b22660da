// Starting and cancelling jobs on behalf of the UI. Each engine gets job hosts on first use
// (one per requested backend, since a host fixes its workers' backend); their progress is
// pushed to the renderer as jobProgress events.
import type { ChannelArg } from '../../../../shared/contract.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { Engine } from '../../engine.ts';
import { JobHost } from '../../jobs/host.ts';
import type { Emit } from '../dispatch.ts';

interface EngineJobs {
  hosts: Map<string, JobHost>;
  /** the latest emitter: progress of a running job goes wherever the UI listens now */
  emit: Emit;
}

const byEngine = new WeakMap<Engine, EngineJobs>();

function jobsOf(engine: Engine, emit: Emit): EngineJobs {
  let jobs = byEngine.get(engine);
  if (!jobs) {
    jobs = { hosts: new Map(), emit };
    byEngine.set(engine, jobs);
  }
  jobs.emit = emit;
  return jobs;
}

function hostFor(engine: Engine, emit: Emit, backend: string | undefined): JobHost {
  const jobs = jobsOf(engine, emit);
  const key = backend ?? '';
  let host = jobs.hosts.get(key);
  if (!host) {
    const created = new JobHost({ projectPath: engine.projectPath, ...(backend ? { backend } : {}) });
    created.onProgress((p) => jobs.emit('jobProgress', p));
    jobs.hosts.set(key, created);
    host = created;
  }
  return host;
}

export async function startTraining(engine: Engine, arg: ChannelArg<'startTraining'>, emit: Emit): Promise<{ jobId: number }> {
  const dataset = engine.store.getDataset(arg.datasetId);
  const { listArchitectures } = await import('../../ml/models/registry.ts');
  const known = listArchitectures().map((a) => a.arch);
  if (!known.includes(arg.architecture)) {
    throw new AppError('VALIDATION', `unknown model '${arg.architecture}'; known models: ${known.join(', ')}`);
  }
  const host = hostFor(engine, emit, arg.backend);
  const jobId = host.start('train', {
    datasetId: dataset.id,
    model: { arch: arg.architecture },
    train: {
      epochs: arg.epochs, batchSize: arg.batchSize, learningRate: arg.learningRate, seed: arg.seed ?? 0,
      ...(arg.threads === undefined ? {} : { threads: arg.threads }),
    },
  });
  engine.log(`started training job ${jobId}: ${arg.architecture} on dataset ${dataset.id}`);
  return { jobId };
}

/** Starts a job of any registered kind on the default backend; its progress reaches the UI as jobProgress events. */
export function startJob(engine: Engine, emit: Emit, kind: string, config: Record<string, unknown>): number {
  const jobId = hostFor(engine, emit, undefined).start(kind, config);
  engine.log(`started ${kind} job ${jobId}`);
  return jobId;
}

/** Asks the job's worker to stop; false when no worker of this engine runs it. */
export async function cancelJob(engine: Engine, jobId: number): Promise<boolean> {
  engine.store.getJob(jobId);
  for (const host of byEngine.get(engine)?.hosts.values() ?? []) {
    if (host.workerPid(jobId) !== undefined) {
      host.cancel(jobId);
      return true;
    }
  }
  return false;
}

/** Stops every worker the UI started for this engine; call before disposing the engine. */
export async function closeJobs(engine: Engine): Promise<void> {
  const jobs = byEngine.get(engine);
  if (!jobs) return;
  byEngine.delete(engine);
  await Promise.all([...jobs.hosts.values()].map((h) => h.close()));
}
