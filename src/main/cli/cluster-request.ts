// What the cluster commands read from the command line: which work (--study / --train / --distill and that
// command's own flags), Slurm's resources per task, and where the scheduler's commands run.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors.ts';
import type { ClusterHost } from '../engine/cluster/cluster-host.ts';
import type { WorkRequest } from '../engine/cluster/prepare-bundle.ts';
import { shellSplit } from '../engine/cluster/shell-words.ts';
import type { SlurmResources } from '../engine/cluster/slurm/sbatch-script.ts';
import type { ProjectStore } from '../engine/store/project.ts';
import { numberFlag, optionalNumberFlag, stringFlag } from './args.ts';
import type { CommandOptions, ParsedArgs } from './command.ts';
import { distillConfig, distillOptions, distillUsage } from './commands/distill.ts';
import { listFlag, studyConfig, studyOptions, studyUsage } from './commands/study.ts';
import { trainOptions, trainSettings, trainUsage } from './commands/train.ts';
import { resolveDatasetId } from './dataset-ref.ts';

/** The work flags and the bundle kind each sends. */
export const workFlags = { study: 'prune-study', train: 'train', distill: 'distill' } as const;

/** The work flags with the options of the commands they stand for. */
export const workOptions: CommandOptions = { study: 'switch', train: 'switch', distill: 'switch', ...studyOptions, ...trainOptions, ...distillOptions, seeds: 'value' };
export const workUsage = `(--study ${studyUsage} | --train ${trainUsage} [--seeds 1,2,3] | --distill ${distillUsage} [--seeds 1,2,3])`;

export const slurmOptions: CommandOptions = { partition: 'value', gres: 'value', time: 'value', mem: 'value', account: 'value', cpus: 'value', 'max-parallel': 'value' };
export const slurmUsage = '[--partition P] [--gres gpu:1] [--time 2:00:00] [--mem 8G] [--account A] [--cpus 1] [--max-parallel N]';

export const hostOptions: CommandOptions = { ssh: 'value', 'ssh-config': 'value', 'local-workdir': 'value', 'amr-studio': 'value' };
export const hostUsage = '[--ssh user@login-node [--ssh-config FILE] [--local-workdir DIR]] [--amr-studio "command on the nodes"]';

/** The kind of work named by exactly one work flag. */
export function workKind(args: ParsedArgs): string {
  const named = Object.keys(workFlags).filter((f) => args.flags[f] === true);
  if (named.length !== 1) throw new AppError('VALIDATION', `say which work to send with exactly one of ${Object.keys(workFlags).map((f) => `--${f}`).join(', ')}${named.length ? ` (got ${named.map((f) => `--${f}`).join(', ')})` : ''}`);
  return workFlags[named[0] as keyof typeof workFlags];
}

/** The job config of the work, built by the same flags its own command takes. */
export function workRequest(args: ParsedArgs, store: ProjectStore): WorkRequest {
  const kind = workKind(args);
  const seeds = listFlag(stringFlag(args, 'seeds'))?.map((s) => {
    if (!/^-?\d+$/.test(s)) throw new AppError('VALIDATION', `--seeds must be integers, got '${s}'`);
    return Number(s);
  });
  if (kind === 'prune-study') {
    if (seeds) throw new AppError('VALIDATION', '--seeds sweeps training runs; a study takes one --seed');
    return { kind, config: studyConfig(args) };
  }
  if (kind === 'distill') {
    const { datasetRef, config } = distillConfig(args);
    return { kind, config: { datasetId: resolveDatasetId(store, datasetRef), ...config }, ...(seeds ? { seeds } : {}) };
  }
  const { dataset, settings } = trainSettings(args);
  return { kind, config: { datasetId: resolveDatasetId(store, dataset), ...settings }, ...(seeds ? { seeds } : {}) };
}

export function slurmResources(args: ParsedArgs): SlurmResources {
  const optional = (name: string): Record<string, string> => {
    const v = stringFlag(args, name);
    return v === undefined ? {} : { [name]: v };
  };
  const maxParallel = optionalNumberFlag(args, 'max-parallel');
  return {
    cpusPerTask: numberFlag(args, 'cpus', 1),
    ...optional('partition'), ...optional('gres'), ...optional('time'), ...optional('mem'), ...optional('account'),
    ...(maxParallel === undefined ? {} : { maxParallel }),
  };
}

export function clusterHost(args: ParsedArgs): ClusterHost {
  const ssh = stringFlag(args, 'ssh');
  const sshConfig = stringFlag(args, 'ssh-config');
  if (sshConfig && !ssh) throw new AppError('VALIDATION', '--ssh-config needs --ssh');
  return { ...(ssh ? { ssh } : {}), ...(sshConfig ? { sshConfig: resolve(sshConfig) } : {}) };
}

/** This installation's CLI, for nodes that share this machine's file system; `amr-studio` on PATH over ssh. */
export function amrStudioCommand(args: ParsedArgs, host: ClusterHost): string[] {
  const given = stringFlag(args, 'amr-studio');
  if (given !== undefined) return shellSplit(given);
  if (host.ssh) return ['amr-studio'];
  return [process.execPath, fileURLToPath(new URL('../../../bin/amr-studio.mjs', import.meta.url))];
}
