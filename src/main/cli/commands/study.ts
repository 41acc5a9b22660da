// amr-studio study <project> --model M [--methods a,b] [--recoveries none,partial-3,full,lora] [--ratio
// 0.25[,0.5]] [--epochs E] [--json]: the pruning study (layer-selection metrics × recoveries, block-wise and
// channel pruning) as a job; the table is stored as the job's result and printed.
import { parsePruneMethod, pruneMethods } from '../../engine/ml/prune/cut.ts';
import { parseRecovery, recoveryName } from '../../engine/ml/prune/recovery.ts';
import type { StudyRow } from '../../engine/ml/prune/study.ts';
import { AppError } from '../../../shared/errors.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import { createEngine } from '../../engine/engine.ts';
import type { CliCommand, CommandOptions, ParsedArgs } from '../command.ts';
import { runForegroundJob } from '../foreground-job.ts';

/** The options that say what the study is (also those of `cluster submit --study`). */
export const studyOptions: CommandOptions = { model: 'value', methods: 'value', recoveries: 'value', ratio: 'value', epochs: 'value', seed: 'value' };
export const studyUsage = `--model ID [--methods ${pruneMethods.join(',')}] [--recoveries none,partial-3,full,lora] [--ratio 0.25] [--epochs 2] [--seed 0]`;

export function listFlag(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

export function formatStudyTable(rows: StudyRow[]): string {
  // latency is per sample at both batch sizes: a batch of 64 costs 64 × its figure
  const head = ['method', 'recovery', 'ratio', 'params (trainable)', 'params (total)', 'MACs', 'KiB', 'acc %', 'ms/sample, batch 1', 'ms/sample, batch 64'];
  const body = rows.map((r) => [
    r.method, r.recovery, String(r.ratio), String(r.params), String(r.totalParams), String(r.macs), (r.sizeBytes / 1024).toFixed(1), (100 * r.accuracy).toFixed(1),
    r.latencyMsBatch1.toFixed(3), r.latencyMsBatch64.toFixed(3),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body].map((cols) => cols.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

/** The prune-study job config the study flags describe (also what `cluster submit --study` sends). */
export function studyConfig(args: ParsedArgs): Record<string, unknown> {
  const ratios = listFlag(stringFlag(args, 'ratio'))?.map(Number);
  if (ratios?.some((r) => !(r >= 0 && r < 1))) throw new AppError('VALIDATION', `--ratio must be numbers in [0, 1), got '${stringFlag(args, 'ratio')}'`);
  const methods = listFlag(stringFlag(args, 'methods'))?.map(parsePruneMethod);
  const recoveries = listFlag(stringFlag(args, 'recoveries'))?.map((r) => recoveryName(parseRecovery(r)));
  return {
    modelId: numberFlag(args, 'model'),
    epochs: numberFlag(args, 'epochs', 2),
    seed: numberFlag(args, 'seed', 0),
    ...(methods ? { methods } : {}),
    ...(recoveries ? { recoveries } : {}),
    ...(ratios ? { ratios } : {}),
  };
}

export const command: CliCommand = {
  name: 'study',
  summary: 'compare pruning methods × recoveries on a stored model (params, MACs, size, accuracy per SNR, latency)',
  usage: `amr-studio study <file.amrproj> ${studyUsage} [--backend NAME] [--json]`,
  options: { ...studyOptions, backend: 'value' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const config = studyConfig(args);
    const engine = createEngine({ projectPath, log, backend: stringFlag(args, 'backend') });
    try {
      const job = await runForegroundJob(engine, 'prune-study', config);
      const r = job.result as { parentId: number; rows: StudyRow[] };
      return { json: { jobId: job.id, ...r }, text: `pruning study of model ${r.parentId} (job ${job.id})\n${formatStudyTable(r.rows)}` };
    } finally {
      await engine.dispose();
    }
  },
};
