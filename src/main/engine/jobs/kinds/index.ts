// Job kinds a worker can run, by the name a job row records. A new kind is one file in this
// folder (its config schema and its runner) and one line here.
import type { JobRunner } from '../context.ts';
import { runDistillEvalJob } from './distill-eval.ts';
import { runDistillJob } from './distill.ts';
import { runEvaluateJob } from './evaluate.ts';
import { runExportDatasetJob } from './export-dataset.ts';
import { runExportJob } from './export.ts';
import { runPruneAnalysisJob } from './prune-analysis.ts';
import { runPruneStudyJob } from './prune-study.ts';
import { runPruneJob } from './prune.ts';
import { runTrainJob } from './train.ts';

export const jobKinds: Readonly<Record<string, JobRunner>> = {
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
