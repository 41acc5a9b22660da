// JobHost: the engine's jobs (engine.jobs). Starts each job in its own worker process, relays
// progress to subscribers, cancels and resumes, and records a worker that dies without
// reporting as a failed job — it never takes the host down.
import { fork, type ChildProcess } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, toErrorData, type ErrorData } from '../../../shared/errors.ts';
import type { JobProgress } from '../../../shared/dto.ts';
import type { JobRecord, JobStatus } from '../store/jobs.ts';
import { openProject, type ProjectStore } from '../store/project.ts';
import type { HostMessage, WorkerMessage } from './protocol.ts';

export interface WorkerEntry {
  path: string;
  execArgv: string[];
}

export interface JobHostOptions {
  projectPath: string;
  /** default: worker.ts under tsx when running from sources, job-worker.js beside the bundle */
  worker?: WorkerEntry;
  /** compute backend the workers use (default: the best available) */
  backend?: string;
  /** how long a cancelled worker gets to stop before it is killed */
  cancelGraceMs?: number;
  /** where 'started …' lines go */
  log?: (line: string) => void;
  /** added to the workers' niceness, so that the process serving a UI keeps ahead of its jobs (default 0) */
  workerNiceness?: number;
  /**
   * Keeps one worker started ahead of the next job (from the start, and again a while after each
   * job), and loads the submit path ahead (see warmed), so that submitting and starting a job
   * neither fork nor load code on the way (default false).
   */
  prewarm?: boolean;
}

interface Running {
  child: ChildProcess;
  kind: string;
  output: string;
  /** the worker's own account of a failure it could not write to the job row */
  reported: ErrorData | null;
  done: Promise<JobRecord>;
}

type Registry = [typeof import('./kinds/index.ts'), typeof import('./kinds/checks.ts')];

const keepOutputChars = 8000;
/** After a job ends the page reloads what it changed; the next spare worker starts after that. */
const spareDelayMs = 2000;

export function defaultWorkerEntry(): WorkerEntry {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const loader = fileURLToPath(new URL('../../../../bin/register-ts.mjs', import.meta.url));
    return { path: join(dirname(here), 'worker.ts'), execArgv: ['--import', loader] };
  }
  return { path: join(dirname(here), 'job-worker.js'), execArgv: [] };
}

export class JobHost {
  private readonly options: JobHostOptions;
  private readonly running = new Map<number, Running>();
  private readonly listeners = new Set<(p: JobProgress) => void>();
  /**
   * The host's own connection, opened on first use (or by the prewarm): the job rows it writes
   * when a worker dies must never join a transaction the engine's connection has open.
   */
  private opened: ProjectStore | null = null;
  private closed = false;
  /** no new spare worker once close has begun */
  private closing = false;
  /** a started worker waiting for its job (prewarm) */
  private spare: ChildProcess | null = null;
  private spareTimer: NodeJS.Timeout | null = null;
  /** the kind registry and the checks, loaded by the first submit (or the prewarm) */
  private registry: Promise<Registry> | null = null;
  /**
   * Resolves once a prewarmed host has loaded the kind registry and the checks of the kinds that
   * load no TF.js (an import from the Datasets page), and opened its connection: submitting such
   * a job then loads no code and opens no file on the process that answers the page, whose event
   * loop that work held while the page's next request waited. At once without prewarm.
   */
  readonly warmed: Promise<void>;

  constructor(options: JobHostOptions) {
    this.options = options;
    if (options.prewarm) this.spare = this.forkSpare();
    this.warmed = options.prewarm ? this.warmSubmit() : Promise.resolve();
  }

  private get store(): ProjectStore {
    if (this.closed) throw new AppError('INTERNAL', `${this.options.projectPath}: the project's jobs are closed`);
    this.opened ??= openProject(this.options.projectPath);
    return this.opened;
  }

  /** Subscribes to progress of every job; returns the unsubscribe function. */
  subscribe(listener: (p: JobProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Checks the config as the job itself would (the kind's entry in jobChecks), then starts it:
   * a command or a form that fails validation leaves no job row behind. The kinds (and so the ML
   * stack) are loaded on the first submit only.
   */
  async submit(kind: string, config: Record<string, unknown>, opts: { backend?: string } = {}): Promise<number> {
    const [{ jobKinds }, { jobChecks }] = await this.loadRegistry();
    if (!Object.hasOwn(jobKinds, kind)) throw new AppError('VALIDATION', `unknown job kind '${kind}' (known: ${Object.keys(jobKinds).join(', ')})`);
    if (Object.hasOwn(jobChecks, kind)) await jobChecks[kind]!(this.store, config);
    return this.start(kind, config, opts);
  }

  /** Records a queued job and starts its worker; returns the job id. opts.backend overrides the host's. */
  start(kind: string, config: Record<string, unknown>, opts: { backend?: string } = {}): number {
    // a training job's seed lives in its train section; other kinds record 0
    const seed = typeof (config['train'] as { seed?: unknown } | undefined)?.seed === 'number' ? ((config['train'] as { seed: number }).seed) : 0;
    const job = this.store.createJob({ kind, config, seed });
    this.launch(job.id, kind, config, opts.backend ?? this.options.backend);
    this.options.log?.(`started ${kind} job ${job.id}`);
    return job.id;
  }

  /** Runs an unfinished job again in a new worker (it continues from its last checkpoint). */
  resume(jobId: number): void {
    const job = this.store.getJob(jobId);
    if (this.running.has(jobId)) throw new AppError('VALIDATION', `job ${jobId} is already running`);
    if (job.status === 'done') throw new AppError('VALIDATION', `job ${jobId} has already finished`);
    this.store.updateJob(jobId, { status: 'queued', error: null, appendLog: `${new Date().toISOString()} resumed\n` });
    this.launch(jobId, job.kind, job.config, this.options.backend);
  }

  /** Asks the job's worker to stop (killed after the grace period); false when no worker of this host runs it. */
  cancel(jobId: number): boolean {
    this.store.getJob(jobId);
    const r = this.running.get(jobId);
    if (!r) return false;
    if (r.child.connected) r.child.send({ type: 'cancel' } satisfies HostMessage);
    const timer = setTimeout(() => r.child.kill('SIGKILL'), this.options.cancelGraceMs ?? 10_000);
    void r.done.finally(() => clearTimeout(timer));
    return true;
  }

  /** Resolves with the job row once the job has finished, however it finished. */
  wait(jobId: number): Promise<JobRecord> {
    const r = this.running.get(jobId);
    return r ? r.done : Promise.resolve(this.store.getJob(jobId));
  }

  get(jobId: number): JobRecord {
    return this.store.getJob(jobId);
  }

  list(filter?: { status?: JobStatus; kind?: string }): JobRecord[] {
    return this.store.listJobs(filter);
  }

  /** True when no worker of this host is running. */
  isIdle(): boolean {
    return this.running.size === 0;
  }

  /** The worker's process id while the job runs. */
  workerPid(jobId: number): number | undefined {
    return this.running.get(jobId)?.child.pid;
  }

  /** The process id of the worker started ahead of the next job (prewarm), while one waits. */
  spareWorkerPid(): number | undefined {
    return this.spare?.pid;
  }

  /** Kills every worker still running (their jobs are recorded as failed) and closes the host's connection; safe to call twice. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.spareTimer) clearTimeout(this.spareTimer);
    this.spare?.kill('SIGKILL');
    this.spare = null;
    const pending = [...this.running.values()];
    for (const r of pending) r.child.kill('SIGKILL');
    await Promise.allSettled(pending.map((r) => r.done));
    this.closed = true;
    this.opened?.close();
    this.opened = null;
  }

  private loadRegistry(): Promise<Registry> {
    this.registry ??= Promise.all([import('./kinds/index.ts'), import('./kinds/checks.ts')]).catch((err: unknown) => {
      this.registry = null;
      throw err;
    });
    return this.registry;
  }

  private async warmSubmit(): Promise<void> {
    try {
      const [{ dataOnlyKinds }, { jobChecks }] = await this.loadRegistry();
      for (const kind of dataOnlyKinds) if (Object.hasOwn(jobChecks, kind)) await jobChecks[kind]!.preload();
      if (!this.closing) this.opened ??= openProject(this.options.projectPath);
    } catch (err) {
      // not fatal: a submit loads what is missing and reports its own error
      this.options.log?.(`job checks not loaded ahead: ${toErrorData(err).message}`);
    }
  }

  private emit(p: JobProgress): void {
    for (const l of this.listeners) l(p);
  }

  /** A worker process, below this process's CPU priority by workerNiceness; it waits for its start message. */
  private forkWorker(): ChildProcess {
    const entry = this.options.worker ?? defaultWorkerEntry();
    const child = fork(entry.path, [], { execArgv: entry.execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    const niceness = this.options.workerNiceness ?? 0;
    if (niceness > 0 && child.pid !== undefined) {
      try {
        setPriority(child.pid, Math.min(19, getPriority() + niceness));
      } catch {
        // it has already exited: its job is recorded as failed when the exit is seen
      }
    }
    const dropSpare = (): void => {
      if (this.spare === child) this.spare = null;
    };
    // A spare that fails to start is dropped; one running a job has its own listeners (launch).
    child.on('error', dropSpare);
    child.once('exit', dropSpare);
    return child;
  }

  /** A worker started ahead of its job, which meanwhile loads the code an import runs. */
  private forkSpare(): ChildProcess {
    const child = this.forkWorker();
    // a spare that could not start reports it as 'error' (forkWorker drops it)
    if (child.connected) child.send({ type: 'preload' } satisfies HostMessage);
    return child;
  }

  /** The spare worker if one is waiting (a fresh one is started a while after the next job ends), else a new one. */
  private takeWorker(): ChildProcess {
    const spare = this.spare;
    this.spare = null;
    if (spare?.connected) return spare;
    spare?.kill('SIGKILL');
    return this.forkWorker();
  }

  private prepareSpare(): void {
    if (!this.options.prewarm || this.closing || this.spare || this.spareTimer) return;
    this.spareTimer = setTimeout(() => {
      this.spareTimer = null;
      if (!this.closing && !this.spare) this.spare = this.forkSpare();
    }, spareDelayMs);
    this.spareTimer.unref();
  }

  private launch(jobId: number, kind: string, config: Record<string, unknown>, backend: string | undefined): void {
    const child = this.takeWorker();
    let resolveDone!: (j: JobRecord) => void;
    const r: Running = { child, kind, output: '', reported: null, done: new Promise((res) => (resolveDone = res)) };
    this.running.set(jobId, r);
    const collect = (chunk: Buffer): void => {
      r.output = (r.output + chunk.toString()).slice(-keepOutputChars);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('message', (m: WorkerMessage) => {
      // The outcome itself is read from the job row the worker wrote, once it has exited.
      if (m.type === 'progress') this.emit(m.progress);
      else if (m.status !== 'done') r.reported = m.error;
    });
    child.on('error', (err) => collect(Buffer.from(`\n${err.message}\n`)));
    child.on('exit', (code, signal) => {
      this.running.delete(jobId);
      let job = this.store.getJob(jobId);
      if (job.status === 'queued' || job.status === 'running') {
        // The worker died without recording an outcome (a crash, a kill, out of memory), or
        // failed before it could open the project.
        const error: ErrorData = r.reported ?? { code: 'JOB_FAILED', message: `job worker exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})` };
        const status = error.code === 'CANCELLED' ? 'cancelled' : 'failed';
        const tail = r.output.trim() ? `worker output:\n${r.output.trim()}\n` : '';
        try {
          job = this.store.updateJob(jobId, { status, error, appendLog: `${new Date().toISOString()} ${error.message}\n${tail}` });
        } catch (err) {
          // A project busy past our patience must not take the host down: the outcome is still reported.
          const unrecorded = toErrorData(err);
          this.options.log?.(`job ${jobId} ${status} (${error.message}), not recorded: ${unrecorded.message}`);
          job = { ...job, status, error };
        }
        this.emit({ jobId, kind, phase: status, done: job.done, total: job.total, status, message: error.message });
      }
      resolveDone(job);
      this.prepareSpare();
    });
    this.store.updateJob(jobId, { appendLog: `${new Date().toISOString()} started worker ${child.pid}\n` });
    child.send({ type: 'start', jobId, kind, config, projectPath: this.store.path, backend } satisfies HostMessage);
  }
}
