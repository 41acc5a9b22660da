// What `cluster status` and `cluster collect` share: the project and an optional --job. The
// project is open while the command works on the job named, or on every cluster job.
import { createEngine, type Engine } from '../engine/engine.ts';
import type { ClusterJobRecord } from '../engine/store/cluster-jobs.ts';
import { optionalNumberFlag, requirePositional } from './args.ts';
import type { CommandOptions, ParsedArgs } from './command.ts';

export const clusterJobOptions: CommandOptions = { job: 'value' };

export interface ClusterJobSelection {
  engine: Engine;
  jobs: ClusterJobRecord[];
  /** the --job given, if any */
  only: number | undefined;
}

export async function withClusterJobs<T>(args: ParsedArgs, log: (line: string) => void, work: (selection: ClusterJobSelection) => Promise<T>): Promise<T> {
  const projectPath = requirePositional(args, 0, 'project file');
  const only = optionalNumberFlag(args, 'job');
  const engine = createEngine({ projectPath, log });
  try {
    const jobs = only !== undefined ? [engine.store.getClusterJob(only)] : engine.store.listClusterJobs();
    return await work({ engine, jobs, only });
  } finally {
    await engine.dispose();
  }
}
