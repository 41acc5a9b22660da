// Asking Slurm where a cluster job's tasks stand, and keeping that in the project.
import type { ClusterJobRecord } from '../store/cluster-jobs.ts';
import type { ProjectStore } from '../store/project.ts';
import { hostOf } from './cluster-host.ts';
import { markRunning } from './project-jobs.ts';
import { arrayTaskStates } from './slurm/slurm-client.ts';
import type { SlurmTaskState } from './slurm/slurm-states.ts';

/** Slurm's state of each task now, recorded on the tasks (one short transaction). */
export async function refreshTaskStates(store: ProjectStore, clusterJobId: number): Promise<{ job: ClusterJobRecord; states: Map<number, SlurmTaskState> }> {
  const before = store.getClusterJob(clusterJobId);
  const states = before.schedulerJobId ? await arrayTaskStates(hostOf(before), before.schedulerJobId) : new Map<number, SlurmTaskState>();
  store.transaction(() => {
    for (const t of before.tasks) {
      const s = states.get(t.task);
      if (!s || s.state === t.schedulerState) continue;
      store.updateClusterTask(clusterJobId, t.task, { schedulerState: s.state });
      if (s.state === 'RUNNING' && t.outcome === 'pending') markRunning(store, before, t.task);
    }
  });
  return { job: store.getClusterJob(clusterJobId), states };
}
