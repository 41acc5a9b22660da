// Job kinds a worker can run, by the name a job row records. A new kind is one file in this
// folder (its config schema and its runner) and one line here; a line in checks.ts too when the
// kind can refuse its config before a job row is written (engine.jobs.submit runs it).
import type { JobContext } from '../context.ts';
import { onDemand, type OnDemand } from './on-demand.ts';

// Each runner loads its module on first use, so an import's worker starts without TF.js and the
// models; a worker started ahead of its job preloads the data-only kinds' runners (worker.ts).

export type KindRunner = OnDemand<[ctx: JobContext, config: Record<string, unknown>], Record<string, unknown>>;

export const jobKinds: Readonly<Record<string, KindRunner>> = {
  import: onDemand(async () => (await import('./import.ts')).runImportJob),
  train: onDemand(async () => (await import('./train.ts')).runTrainJob),
  evaluate: onDemand(async () => (await import('./evaluate.ts')).runEvaluateJob),
  prune: onDemand(async () => (await import('./prune.ts')).runPruneJob),
  'prune-study': onDemand(async () => (await import('./prune-study.ts')).runPruneStudyJob),
  'prune-analysis': onDemand(async () => (await import('./prune-analysis.ts')).runPruneAnalysisJob),
  export: onDemand(async () => (await import('./export.ts')).runExportJob),
  distill: onDemand(async () => (await import('./distill.ts')).runDistillJob),
  'distill-eval': onDemand(async () => (await import('./distill-eval.ts')).runDistillEvalJob),
  'export-dataset': onDemand(async () => (await import('./export-dataset.ts')).runExportDatasetJob),
  cluster: onDemand(async () => (await import('./cluster.ts')).runClusterJob),
  augment: onDemand(async () => (await import('./augment.ts')).runAugmentJob),
};

/** Kinds that compute nothing with TF.js: their worker does not choose a compute backend. */
export const dataOnlyKinds: ReadonlySet<string> = new Set(['import']);
