// What each kind of bundle (a pruning study, a training sweep, ...) defines: how a job config
// becomes tasks, which rows of the project they read, and how a task's result is merged back.
import type { ClusterJobRecord } from '../store/cluster-jobs.ts';
import type { ProjectStore } from '../store/project.ts';
import type { ProjectTransfer } from '../store/project-transfer.ts';
import type { BundleTask } from './manifest.ts';

export interface BundlePlan {
  tasks: BundleTask[];
  /** the project's datasets and models the tasks read (copied into the bundle under their ids) */
  inputs: { datasets: number[]; models: number[] };
  /**
   * The project jobs that stand for the work while it runs elsewhere and receive its results:
   * one job gathering every task (a study's table), or one job per task.
   */
  projectJobs: { kind: 'aggregate'; job: BundleTask } | { kind: 'per-task' };
}

export interface BundlePlanOptions {
  /** compute threads per task (the cores a task is given) */
  threads: number;
  /** one task per seed, where the kind sweeps seeds */
  seeds?: number[];
}

export interface MergeContext {
  store: ProjectStore;
  /** over the task's result file, inside collect's transaction */
  transfer: ProjectTransfer;
  clusterJob: ClusterJobRecord;
  task: number;
  /** the task's job in the result file */
  taskJobId: number;
}

export interface BundleKind {
  /** Validates the config and plans the tasks; may prepare the project first (e.g. split a dataset). */
  plan(store: ProjectStore, config: Record<string, unknown>, options: BundlePlanOptions): BundlePlan;
  /** Writes a finished task's results into the project; returns a line saying what was merged. */
  merge(ctx: MergeContext): string;
}
