// Cluster jobs as the app shows them: work sent to a Slurm cluster as one array job, each task's
// state there, and what collect made of each task. Plain data, shared by main and renderer.

export type ClusterTaskOutcome = 'pending' | 'merged' | 'failed';

export interface ClusterTaskSummary {
  task: number;
  /** Slurm's last known state of the task (PENDING, RUNNING, COMPLETED, CANCELLED …) */
  schedulerState: string;
  outcome: ClusterTaskOutcome;
  /** the project job standing for this task, for kinds with one job per task */
  jobId: number | null;
  message: string | null;
}

export interface ClusterJobSummary {
  id: number;
  /** bundle kind: prune-study, train */
  kind: string;
  scheduler: 'slurm';
  schedulerJobId: string | null;
  /** the login node it went through, or null when submitted on this machine */
  host: string | null;
  bundleDir: string;
  /** the project job gathering every task, for kinds with one */
  jobId: number | null;
  createdAt: string;
  tasks: ClusterTaskSummary[];
}

export type TaskCollectOutcome = 'merged' | 'already-merged' | 'pending' | 'failed' | 'missing' | 'refused';

export interface TaskCollectSummary {
  task: number;
  outcome: TaskCollectOutcome;
  schedulerState: string | null;
  message: string;
  /** the end of the task's log, for tasks that failed, went missing or were refused */
  logTail?: string;
}

export interface ClusterCollectSummary {
  clusterJobId: number;
  schedulerJobId: string | null;
  tasks: TaskCollectSummary[];
}

/** Where and how work goes to the cluster: what the study and training forms remember. */
export interface ClusterTarget {
  /** the folder bundles go in, as the cluster's nodes see it (a shared file system) */
  workdir: string;
  partition?: string;
  gres?: string;
  time?: string;
  mem?: string;
  account?: string;
  cpus?: number;
  maxParallel?: number;
  /** user@login-node: submit over ssh; absent: Slurm's commands run on this machine */
  ssh?: string;
  /** the command that runs amr-studio on the nodes (default: amr-studio on their PATH) */
  amrStudio?: string;
}
