// Jobs as the Jobs and Training pages show them: status, progress, log, per-epoch history.
import type { JobDetail, JobSummary } from '../../../../shared/dto.ts';
import type { Engine } from '../../engine.ts';
import { recordedErrorCode } from '../../jobs/job-outcome.ts';
import type { JobRecord } from '../../store/jobs.ts';
import type { Handler } from '../dispatch.ts';

export function toJobSummary(j: JobRecord): JobSummary {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    phase: j.phase,
    done: j.done,
    total: j.total,
    message: j.error?.message ?? null,
    createdAt: j.createdAt,
    params: j.config,
  };
}

function numericFields(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

function modelIdOf(engine: Engine, j: JobRecord): number | null {
  const r = j.result;
  if (r && typeof r === 'object' && typeof (r as { modelId?: unknown }).modelId === 'number') return (r as { modelId: number }).modelId;
  return engine.store.listModels().find((m) => m.jobId === j.id)?.id ?? null;
}

/** A training job's per-epoch metrics, in order. */
export function jobHistory(engine: Engine, jobId: number): Record<string, number>[] {
  return (
    engine.store
      .listMetrics({ jobId, kind: 'epoch' })
      // stored epochs count from 0; people count from 1, as the live progress does
      .map((m) => ({ ...numericFields(m.value), epoch: (m.step ?? 0) + 1 }))
      .sort((a, b) => a.epoch - b.epoch)
  );
}

export function jobDetail(engine: Engine, jobId: number): JobDetail {
  const j = engine.store.getJob(jobId);
  return {
    ...toJobSummary(j),
    log: j.log ? j.log.split('\n').filter((l) => l.length > 0) : [],
    history: jobHistory(engine, jobId),
    modelId: j.status === 'done' ? modelIdOf(engine, j) : null,
    error: j.error ? { code: recordedErrorCode(j.error.code), message: j.error.message } : null,
  };
}

export const jobHandlers: {
  listJobs: Handler<Engine, 'listJobs'>;
  getJob: Handler<Engine, 'getJob'>;
  cancelJob: Handler<Engine, 'cancelJob'>;
  resumeJob: Handler<Engine, 'resumeJob'>;
} = {
  listJobs: async (engine) => engine.jobs.list().map(toJobSummary).sort((a, b) => b.id - a.id),
  getJob: async (engine, arg) => jobDetail(engine, arg.jobId),
  cancelJob: async (engine, arg) => ({ cancelled: engine.jobs.cancel(arg.jobId) }),
  resumeJob: async (engine, arg) => {
    engine.jobs.resume(arg.jobId);
    return { jobId: arg.jobId };
  },
};
