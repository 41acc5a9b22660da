// amr-studio distill <project> --dataset D --method mdm|dm|random|herding|kcenter --ipc 10
// [--alpha 1] [--iterations N] [--embedder convnet] [--width W] [--seed S] [--per-snr]
// [--preset cpu|reference] [--json]: distils the dataset's train split in a job process and
// stores the distilled set as a dataset with its lineage.
import { AppError } from '../../../shared/errors.ts';
import { augmentModes, distillMethods, frequencyModes, type DistillMethod } from '../../engine/ml/distill/config.ts';
import { createEngine } from '../../engine/engine.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import type { CliCommand, CommandOptions, ParsedArgs } from '../command.ts';
import { resolveDatasetId } from '../dataset-ref.ts';
import { runForegroundJob } from '../foreground-job.ts';

function optionalNumber(args: Parameters<CliCommand['run']>[0], flag: string, key = flag): Record<string, number> {
  return stringFlag(args, flag) === undefined ? {} : { [key]: numberFlag(args, flag) };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new AppError('VALIDATION', `--${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

/** The distillation flags, shared with the cluster commands' --distill. */
export const distillOptions: CommandOptions = {
  dataset: 'value', method: 'value', ipc: 'value', alpha: 'value', iterations: 'value', embedder: 'value', width: 'value', 'batch-real': 'value',
  frequency: 'value', augment: 'value', init: 'value', 'per-snr': 'switch', preset: 'value', seed: 'value', name: 'value',
};
export const distillUsage = `--dataset ID|NAME --method ${distillMethods.join('|')} --ipc N [--alpha 1] [--iterations 300] [--embedder convnet] [--width 64] [--batch-real 64] [--frequency complex|per-rail] [--augment none|iq|orbit (MDM: orbit, DM: none)] [--init real|noise] [--per-snr] [--preset cpu|reference] [--seed 0] [--name NAME]`;

/** The dataset named by --dataset and the distill job's other config fields, from the flags. */
export function distillConfig(args: ParsedArgs): { datasetRef: string; config: Record<string, unknown> } {
  const datasetRef = stringFlag(args, 'dataset');
  if (!datasetRef) throw new AppError('VALIDATION', '--dataset is required');
  const method = oneOf<DistillMethod>(stringFlag(args, 'method'), distillMethods, 'method');
  if (!method) throw new AppError('VALIDATION', `--method is required (${distillMethods.join(', ')})`);
  const ipc = numberFlag(args, 'ipc');
  if (!Number.isInteger(ipc) || ipc < 1) throw new AppError('VALIDATION', `--ipc must be a positive integer, got ${ipc}`);
  const embedder = stringFlag(args, 'embedder');
  const width = stringFlag(args, 'width');
  const frequency = oneOf(stringFlag(args, 'frequency'), frequencyModes, 'frequency');
  const augment = oneOf(stringFlag(args, 'augment'), augmentModes, 'augment');
  const init = oneOf(stringFlag(args, 'init'), ['real', 'noise'] as const, 'init');
  const preset = oneOf(stringFlag(args, 'preset'), ['cpu', 'reference'] as const, 'preset');
  const config = {
    method, ipc, seed: numberFlag(args, 'seed', 0),
    ...optionalNumber(args, 'alpha'), ...optionalNumber(args, 'iterations'), ...optionalNumber(args, 'batch-real', 'batchReal'),
    ...(embedder === undefined && width === undefined ? {} : { embedder: { arch: embedder ?? 'convnet', ...optionalNumber(args, 'width') } }),
    ...(frequency ? { frequency } : {}), ...(augment ? { augment } : {}), ...(init ? { init } : {}), ...(preset ? { preset } : {}),
    ...(args.flags['per-snr'] === true ? { perSnr: true } : {}),
    ...(stringFlag(args, 'name') === undefined ? {} : { name: stringFlag(args, 'name') }),
  };
  return { datasetRef, config };
}

export const command: CliCommand = {
  name: 'distill',
  summary: 'distil a dataset into a few signals per class (MDM, DM) or select a coreset (random, herding, k-center)',
  options: { ...distillOptions, backend: 'value' },
  usage: `amr-studio distill <file.amrproj> ${distillUsage} [--backend NAME] [--json]`,
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const { datasetRef, config } = distillConfig(args);
    const method = config['method'] as DistillMethod;
    const engine = createEngine({ projectPath, log, backend: stringFlag(args, 'backend') });
    try {
      const job = await runForegroundJob(engine, 'distill', { datasetId: resolveDatasetId(engine.store, datasetRef), ...config });
      const r = job.result as { datasetId: number; name: string; count: number; iterations: number; seconds: number; lossTime?: number; lossFrequency?: number };
      const loss = r.lossTime === undefined ? '' : `, final L_TD ${r.lossTime.toFixed(3)}${method === 'mdm' ? ` L_FD ${r.lossFrequency!.toFixed(3)}` : ''}`;
      return { json: { jobId: job.id, ...r }, text: `dataset ${r.datasetId} (“${r.name}”): ${r.count} signals in ${r.seconds.toFixed(1)} s${r.iterations ? ` (${r.iterations} iterations${loss})` : ''}` };
    } finally {
      await engine.dispose();
    }
  },
};
