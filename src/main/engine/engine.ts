// Composition root: everything the Electron shell, the CLI and the tests need, opened in one
// place and closed in one place — the project's store and the jobs that run over it.
import { JobHost, type WorkerEntry } from './jobs/job-host.ts';
import { openProject, type ProjectStore } from './store/project.ts';

/** Where the engine's human-readable progress lines go (stderr for the CLI, a log file in the app). */
export type EngineLog = (line: string) => void;

export interface EngineOptions {
  projectPath: string;
  /** create the project file when it does not exist */
  create?: boolean;
  log?: EngineLog;
  /** compute backend of job workers that name none (default: the best available) */
  backend?: string;
  /** job worker entry (default: the worker beside the engine's sources or bundle) */
  worker?: WorkerEntry;
  /**
   * The engine serves a UI (the app): its job workers run below its CPU priority, and one is
   * kept started ahead of the next job, so that a job's start and its work leave the process
   * that answers the page its share of the CPU. The CLI and the tests leave it off.
   */
  interactive?: boolean;
}

/** Niceness a UI's job workers get above the UI's own: a busy job yields the CPU to the page's requests. */
const interactiveWorkerNiceness = 10;

export interface Engine extends Disposable, AsyncDisposable {
  readonly projectPath: string;
  readonly store: ProjectStore;
  /** start, cancel, resume, list, subscribe to and wait for the project's jobs, each in a worker process */
  readonly jobs: JobHost;
  readonly log: EngineLog;
  /**
   * Stops the jobs' workers, then closes the project (checkpointing its WAL); safe to call
   * twice. When no worker runs, the project is closed before this returns.
   */
  dispose(): Promise<void>;
}

export function createEngine(options: EngineOptions): Engine {
  const log = options.log ?? (() => {});
  const store = openProject(options.projectPath, { create: options.create ?? false });
  log(`opened project ${store.path}`);
  const jobs = new JobHost({
    projectPath: store.path,
    log,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.worker ? { worker: options.worker } : {}),
    ...(options.interactive ? { workerNiceness: interactiveWorkerNiceness, prewarm: true } : {}),
  });
  let disposed: Promise<void> | null = null;
  const dispose = (): Promise<void> => {
    if (!disposed) {
      // With no worker running the project closes at once, so a plain `using` closes it too.
      if (jobs.isIdle()) store.close();
      disposed = jobs.close().finally(() => store.close());
    }
    return disposed;
  };
  return {
    projectPath: store.path,
    store,
    jobs,
    log,
    dispose,
    [Symbol.dispose]: () => void dispose(),
    [Symbol.asyncDispose]: dispose,
  };
}
