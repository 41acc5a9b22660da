// amr-studio run-bundle <bundle> [--task I] [--scratch DIR] [--json]: runs one task of a job
// bundle on this machine and writes its result file and receipt into the bundle. What a Slurm
// array task or a Kubernetes Indexed Job pod runs; the task index comes from --task, else from
// SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX.
import { AppError } from '../../../shared/errors.ts';
import { runBundleTask } from '../../engine/bundle/run-task.ts';
import { requirePositional, stringFlag } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { progressLogger } from '../foreground-job.ts';

const taskVariables = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX'];

function taskIndex(flag: string | undefined): number {
  const [source, text] = flag !== undefined ? ['--task', flag] : (taskVariables.map((v) => [v, process.env[v]] as const).find(([, value]) => value !== undefined) ?? []);
  if (text === undefined) throw new AppError('VALIDATION', `--task is required (or ${taskVariables.join(' or ')} in the environment)`);
  if (!/^\d+$/.test(text)) throw new AppError('VALIDATION', `${source} must be a task index (0, 1, …), got '${text}'`);
  return Number(text);
}

export const command: CliCommand = {
  name: 'run-bundle',
  summary: 'run one task of a job bundle here and write its own result file into the bundle',
  usage: 'amr-studio run-bundle <bundle folder> [--task I (default: $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX)] [--scratch DIR (default: $TMPDIR)] [--json]',
  options: { task: 'value', scratch: 'value' },
  async run(args, log) {
    const bundleDir = requirePositional(args, 0, 'bundle folder');
    const task = taskIndex(stringFlag(args, 'task'));
    const scratch = stringFlag(args, 'scratch');
    const abort = new AbortController();
    // scancel and Kubernetes send SIGTERM before they kill: the job stops and says so in its result
    const stop = (): void => abort.abort();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    try {
      const receipt = await runBundleTask(bundleDir, { task, signal: abort.signal, log, onProgress: progressLogger(log), ...(scratch ? { scratch } : {}) });
      if (receipt.status !== 'done') throw new AppError('JOB_FAILED', `task ${task} ${receipt.status}: ${receipt.error?.message ?? 'no reason recorded'} (its result file records the job's log)`);
      return { json: receipt, text: `task ${task} done on ${receipt.host} (${receipt.backend}); result sha256 ${receipt.resultSha256}` };
    } finally {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    }
  },
};
