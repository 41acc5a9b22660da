// What engine.jobs.submit runs before it writes a job row: the checks of the kinds that can refuse
// their config up front. Apart from the runners (index.ts), so that a worker does not load every
// kind to find its own. Each check loads its kind's module on first use: submitting an import
// must not load the models and TF.js into the main process, whose event loop that held for
// ~300 ms on a busy machine. A process serving a UI preloads the checks it must answer without
// delay (engine.jobs with prewarm).
import type { ProjectStore } from '../../store/project.ts';
import { onDemand, type OnDemand } from './on-demand.ts';

/** Throws what the job would throw at its start: a config, dataset or model it would refuse. */
export type JobCheck = OnDemand<[store: ProjectStore, config: Record<string, unknown>], void>;

export const jobChecks: Readonly<Record<string, JobCheck>> = {
  import: onDemand(async () => (await import('./import.ts')).checkImportJob),
  train: onDemand(async () => (await import('./train.ts')).checkTrainJob),
  evaluate: onDemand(async () => (await import('./evaluate.ts')).checkEvaluateJob),
  prune: onDemand(async () => (await import('./prune.ts')).checkPruneJob),
  'prune-study': onDemand(async () => (await import('./prune-study.ts')).checkPruneStudyJob),
  export: onDemand(async () => (await import('./export.ts')).checkExportJob),
};
