// Every schema step, in order. A new step is a new numbered file added at the end of this list.
import type { Migration } from './migration.ts';
import { migration as initial } from './001-initial.ts';
import { migration as checkpoints } from './002-checkpoints.ts';
import { migration as clusterJobs } from './003-cluster-jobs.ts';
import { migration as evaluations } from './004-evaluations.ts';
import { migration as clusterRuns } from './005-cluster-runs.ts';
import { migration as datasetStaging } from './006-dataset-staging.ts';

export const migrations: readonly Migration[] = [initial, checkpoints, clusterJobs, evaluations, clusterRuns, datasetStaging];

export const latestSchemaVersion = migrations.length;
