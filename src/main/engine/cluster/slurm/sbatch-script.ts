// The sbatch script of a bundle: one array task per bundle task, the resources each task gets,
// its log file in the bundle, and the one command it runs.
import { AppError } from '../../../../shared/errors.ts';
import { logsDir } from '../../bundle/manifest.ts';
import { shellJoin } from '../shell-words.ts';

export interface SlurmResources {
  partition?: string;
  /** generic resources per task, e.g. gpu:1 */
  gres?: string;
  /** wall-clock limit per task, in Slurm's forms (minutes, HH:MM:SS, D-HH:MM) */
  time?: string;
  /** memory per task, e.g. 4G */
  mem?: string;
  account?: string;
  cpusPerTask: number;
  /** at most this many tasks at once (sbatch --array=…%N) */
  maxParallel?: number;
}

export interface SbatchScriptInput {
  jobName: string;
  /** the bundle folder as the compute nodes see it */
  bundleDir: string;
  taskCount: number;
  /** the words that run amr-studio on a compute node */
  amrStudio: readonly string[];
  resources: SlurmResources;
}

// Values go on #SBATCH lines, which Slurm reads without a shell: keep them to plain characters.
const plainValue = /^[A-Za-z0-9_.:,+=@%/-]+$/;

function directive(name: string, value: string | number | undefined): string[] {
  if (value === undefined) return [];
  const text = String(value);
  if (!plainValue.test(text)) throw new AppError('VALIDATION', `--${name} '${text}': only letters, digits and _.:,+=@%/- may be passed to Slurm`);
  return [`#SBATCH --${name}=${text}`];
}

export function sbatchScript(input: SbatchScriptInput): string {
  const r = input.resources;
  if (!Number.isInteger(r.cpusPerTask) || r.cpusPerTask < 1) throw new AppError('VALIDATION', `--cpus must be a positive integer, got ${r.cpusPerTask}`);
  const array = `0-${input.taskCount - 1}${r.maxParallel ? `%${r.maxParallel}` : ''}`;
  return [
    '#!/bin/bash',
    ...directive('job-name', input.jobName),
    ...directive('array', array),
    ...directive('cpus-per-task', r.cpusPerTask),
    ...directive('partition', r.partition),
    ...directive('gres', r.gres),
    ...directive('time', r.time),
    ...directive('mem', r.mem),
    ...directive('account', r.account),
    // %a: the array task index; stdout and stderr of a task share one log in the bundle
    ...directive('output', `${input.bundleDir}/${logsDir}/task-%a.out`),
    'set -eu',
    `exec ${shellJoin([...input.amrStudio, 'run-bundle', input.bundleDir, '--task'])} "$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
}
