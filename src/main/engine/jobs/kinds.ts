// Job kinds a worker can run. A new kind is one line here.
import { runExportJob } from '../export/export-job.ts';
import { runEvaluateJob } from '../ml/eval/evaluate-job.ts';
import { runPruneAnalysisJob } from '../ml/prune/analysis-job.ts';
import { runPruneJob, runPruneStudyJob } from '../ml/prune/prune-jobs.ts';
import { runTrainJob } from '../ml/train/train-job.ts';
import type { JobRunner } from './context.ts';

export const jobKinds: Readonly<Record<string, JobRunner>> = {
  train: runTrainJob,
  evaluate: runEvaluateJob,
  prune: runPruneJob,
  'prune-study': runPruneStudyJob,
  'prune-analysis': runPruneAnalysisJob,
  export: runExportJob,
};
