// What engine.jobs.submit runs before it writes a job row: the checks of the kinds that can refuse
// their config up front. Apart from the runners (index.ts), so that a worker does not load every
// kind to find its own.
import type { ProjectStore } from '../../store/project.ts';
import { checkEvaluateJob } from './evaluate.ts';
import { checkExportJob } from './export.ts';
import { checkImportJob } from './import.ts';
import { checkPruneStudyJob } from './prune-study.ts';
import { checkPruneJob } from './prune.ts';
import { checkTrainJob } from './train.ts';

/** Throws what the job would throw at its start: a config, dataset or model it would refuse. */
export type JobCheck = (store: ProjectStore, config: Record<string, unknown>) => void | Promise<void>;

export const jobChecks: Readonly<Record<string, JobCheck>> = {
  import: checkImportJob,
  train: checkTrainJob,
  evaluate: checkEvaluateJob,
  prune: checkPruneJob,
  'prune-study': checkPruneStudyJob,
  export: checkExportJob,
};
