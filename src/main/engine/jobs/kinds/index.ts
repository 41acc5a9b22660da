// Job kinds a worker can run, by the name a job row records. A new kind is one file in this
// folder (its config schema and its runner) and one line here; a line in jobChecks too when the
// kind can refuse its config before a job row is written (engine.jobs.submit runs it).
import type { ProjectStore } from '../../store/project.ts';
import type { JobRunner } from '../context.ts';
import { runDistillEvalJob } from './distill-eval.ts';
import { runDistillJob } from './distill.ts';
import { checkEvaluateJob, runEvaluateJob } from './evaluate.ts';
import { runExportDatasetJob } from './export-dataset.ts';
import { checkExportJob, runExportJob } from './export.ts';
import { runImportJob } from './import.ts';
import { runPruneAnalysisJob } from './prune-analysis.ts';
import { checkPruneStudyJob, runPruneStudyJob } from './prune-study.ts';
import { checkPruneJob, runPruneJob } from './prune.ts';
import { checkTrainJob, runTrainJob } from './train.ts';

export const jobKinds: Readonly<Record<string, JobRunner>> = {
  import: runImportJob,
  train: runTrainJob,
  evaluate: runEvaluateJob,
  prune: runPruneJob,
  'prune-study': runPruneStudyJob,
  'prune-analysis': runPruneAnalysisJob,
  export: runExportJob,
  distill: runDistillJob,
  'distill-eval': runDistillEvalJob,
  'export-dataset': runExportDatasetJob,
};

/** Throws what the job would throw at its start: a config, dataset or model it would refuse. */
export type JobCheck = (store: ProjectStore, config: Record<string, unknown>) => void;

export const jobChecks: Readonly<Record<string, JobCheck>> = {
  train: checkTrainJob,
  evaluate: checkEvaluateJob,
  prune: checkPruneJob,
  'prune-study': checkPruneStudyJob,
  export: checkExportJob,
};
