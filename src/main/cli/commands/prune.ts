// amr-studio prune <project> --model M --method reverse-order|…|blockwise|channel --ratio 0.25
// --recovery none|full|partial-3|lora --epochs E [--blocks K] [--distill] [--json]: prunes a stored
// model in a job process and saves the smaller, fine-tuned model with its lineage.
import { AppError } from '../../../shared/errors.ts';
import { parsePruneMethod, pruneMethods } from '../../engine/ml/prune/cut.ts';
import { parseRecovery, recoveryName } from '../../engine/ml/prune/recovery.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import { createEngine } from '../../engine/engine.ts';
import type { CliCommand } from '../command.ts';
import { runForegroundJob } from '../foreground-job.ts';

export const command: CliCommand = {
  name: 'prune',
  summary: 'prune a stored model (layer removal, block-wise or channel pruning), fine-tune it and save it',
  usage: `amr-studio prune <file.amrproj> --model ID --method ${pruneMethods.join('|')} [--ratio 0.25] [--recovery none|full|partial-3|lora] [--epochs 2] [--blocks K] [--seed 0] [--distill] [--backend NAME] [--name NAME] [--json]`,
  options: { model: 'value', method: 'value', ratio: 'value', recovery: 'value', epochs: 'value', blocks: 'value', seed: 'value', distill: 'switch', backend: 'value', name: 'value' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const method = stringFlag(args, 'method');
    if (!method) throw new AppError('VALIDATION', `--method is required (${pruneMethods.join(', ')})`);
    const blocks = stringFlag(args, 'blocks');
    const config = {
      modelId: numberFlag(args, 'model'),
      method: parsePruneMethod(method),
      ratio: numberFlag(args, 'ratio', 0.25),
      recovery: recoveryName(parseRecovery(stringFlag(args, 'recovery') ?? 'partial-3')),
      epochs: numberFlag(args, 'epochs', 2),
      seed: numberFlag(args, 'seed', 0),
      distill: args.flags['distill'] === true,
      ...(blocks === undefined ? {} : { blocks: numberFlag(args, 'blocks') }),
      ...(stringFlag(args, 'name') === undefined ? {} : { name: stringFlag(args, 'name') }),
    };
    const engine = createEngine({ projectPath, log, backend: stringFlag(args, 'backend') });
    try {
      const job = await runForegroundJob(engine, 'prune', config);
      const r = job.result as { modelId: number; parentId: number; removed: string[]; accuracy: number; params: number; macs: number; recovery: string };
      return {
        json: { jobId: job.id, ...r },
        text: `model ${r.modelId} (from ${r.parentId}, ${config.method} + ${r.recovery}): accuracy ${(100 * r.accuracy).toFixed(1)} %, ${r.params} params, ${r.macs} MACs${r.removed.length ? `; removed ${r.removed.join(', ')}` : ''}`,
      };
    } finally {
      await engine.dispose();
    }
  },
};
