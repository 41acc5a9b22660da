// Reading what Slurm says about an array job's tasks: squeue while they are queued or running,
// sacct (where accounting is kept) and scontrol (for a few minutes after they end) afterwards.
// Each parser takes the command's text output and returns task index → state.

export interface SlurmTaskState {
  /** Slurm's state name: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ... */
  state: string;
  /** exit code:signal as Slurm prints it, when known */
  exitCode?: string;
  reason?: string;
}

/** States after which the task runs no more and left no result of its own doing. */
export const failedStates: ReadonlySet<string> = new Set(['FAILED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED', 'REVOKED', 'SPECIAL_EXIT']);
/** States of a task that has not finished yet. */
export const activeStates: ReadonlySet<string> = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESIZING', 'SIGNALING', 'STAGE_OUT', 'STOPPED']);

/** "3", "2-5", "0-7%2", "[1,4-6]" → the task indices they name. */
export function taskIndices(text: string): number[] {
  const out: number[] = [];
  for (const part of text.replace(/^\[|\]$/g, '').replace(/%\d+$/, '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let i = from; i <= to; i++) out.push(i);
  }
  return out;
}

/** `squeue -h -r -j ID -o %K|%T|%r` */
export function parseSqueue(text: string): Map<number, SlurmTaskState> {
  const states = new Map<number, SlurmTaskState>();
  for (const line of text.split('\n')) {
    const [task, state, reason] = line.trim().split('|');
    if (!task || !state) continue;
    for (const i of taskIndices(task)) states.set(i, { state, ...(reason && reason !== 'None' ? { reason } : {}) });
  }
  return states;
}

/** `sacct -n -P -X -j ID -o JobID,State,ExitCode`: JobID is ID_3 or ID_[4-7]; State may read "CANCELLED by 0". */
export function parseSacct(text: string, jobId: string): Map<number, SlurmTaskState> {
  const states = new Map<number, SlurmTaskState>();
  for (const line of text.split('\n')) {
    const [id, state, exitCode] = line.trim().split('|');
    if (!id || !state || !id.startsWith(`${jobId}_`)) continue;
    for (const i of taskIndices(id.slice(jobId.length + 1))) states.set(i, { state: state.split(' ')[0]!, ...(exitCode ? { exitCode } : {}) });
  }
  return states;
}

/** `scontrol show job -o ID`: one line per task (or per range of pending tasks), key=value pairs. */
export function parseScontrol(text: string): Map<number, SlurmTaskState> {
  const states = new Map<number, SlurmTaskState>();
  for (const line of text.split('\n')) {
    const field = (name: string): string | undefined => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(line)?.[1];
    const task = field('ArrayTaskId');
    const state = field('JobState');
    if (!task || !state) continue;
    const reason = field('Reason');
    const exitCode = field('ExitCode');
    for (const i of taskIndices(task)) states.set(i, { state, ...(exitCode ? { exitCode } : {}), ...(reason && reason !== 'None' ? { reason } : {}) });
  }
  return states;
}
