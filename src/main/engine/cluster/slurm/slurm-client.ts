// Slurm's own commands, run on the cluster host: sbatch to submit, squeue / sacct / scontrol to
// ask about tasks, scancel to stop them.
import { AppError } from '../../../../shared/errors.ts';
import { checkedRun, describeHost, runOnHost, type ClusterHost } from '../cluster-host.ts';
import { parseSacct, parseScontrol, parseSqueue, type SlurmTaskState } from './slurm-states.ts';

/** Submits a script; returns the job id Slurm gave it. */
export async function sbatch(host: ClusterHost, scriptPath: string): Promise<string> {
  const out = (await checkedRun(host, ['sbatch', '--parsable', scriptPath])).trim();
  // --parsable prints "id" or "id;cluster"
  const id = out.split('\n').pop()!.split(';')[0]!.trim();
  if (!/^\d+$/.test(id)) throw new AppError('CLUSTER', `sbatch answered '${out}', not a job id`);
  return id;
}

/**
 * What Slurm knows about each task of an array job. Live states from squeue win; finished ones
 * come from sacct where the cluster keeps accounting, else from scontrol while it remembers.
 */
export async function arrayTaskStates(host: ClusterHost, jobId: string): Promise<Map<number, SlurmTaskState>> {
  const [squeue, sacct, scontrol] = await Promise.all([
    runOnHost(host, ['squeue', '-h', '-r', '-j', jobId, '-o', '%K|%T|%r']),
    runOnHost(host, ['sacct', '-n', '-P', '-X', '-j', jobId, '-o', 'JobID,State,ExitCode']),
    runOnHost(host, ['scontrol', 'show', 'job', '-o', jobId]),
  ]);
  // sacct fails where no accounting is kept, and all three once Slurm has forgotten the job;
  // squeue failing for any other reason means Slurm cannot be asked at all
  if (squeue.code !== 0 && !/invalid job id/i.test(squeue.stderr)) {
    throw new AppError('CLUSTER', `squeue on ${describeHost(host)} failed (exit ${squeue.code}): ${(squeue.stderr || squeue.stdout).trim()}`);
  }
  const states = new Map<number, SlurmTaskState>();
  const overlay = (m: Map<number, SlurmTaskState>): void => m.forEach((v, k) => states.set(k, v));
  if (scontrol.code === 0) overlay(parseScontrol(scontrol.stdout));
  if (sacct.code === 0) overlay(parseSacct(sacct.stdout, jobId));
  if (squeue.code === 0) overlay(parseSqueue(squeue.stdout));
  return states;
}

/** Cancels the whole array job, or one of its tasks. */
export async function scancel(host: ClusterHost, jobId: string, task?: number): Promise<void> {
  await checkedRun(host, ['scancel', task === undefined ? jobId : `${jobId}_${task}`]);
}
