// amr-studio evaluate <project> --model M [--dataset D] [--split test|val|train|all] [--json]:
// accuracy overall and per SNR of a stored model, saved beside it.
import { AppError } from '../../../shared/errors.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import { createEngine } from '../../engine/engine.ts';
import type { CliCommand } from '../command.ts';
import { resolveDatasetId } from '../dataset-ref.ts';
import { runForegroundJob } from '../foreground-job.ts';

export const command: CliCommand = {
  name: 'evaluate',
  summary: 'evaluate a stored model: accuracy overall, per SNR and per class',
  usage: 'amr-studio evaluate <file.amrproj> --model ID [--dataset ID|NAME] [--split test|val|train|all] [--backend NAME] [--json]',
  options: { model: 'value', dataset: 'value', split: 'value', backend: 'value' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const dataset = stringFlag(args, 'dataset');
    const split = stringFlag(args, 'split');
    if (split !== undefined && !['train', 'val', 'test', 'all'].includes(split)) {
      throw new AppError('VALIDATION', `--split must be train, val, test or all, got '${split}'`);
    }
    const modelId = numberFlag(args, 'model');
    const engine = createEngine({ projectPath, log, backend: stringFlag(args, 'backend') });
    try {
      const config = {
        modelId,
        ...(dataset === undefined ? {} : { datasetId: resolveDatasetId(engine.store, dataset) }),
        ...(split === undefined ? {} : { split }),
      };
      const job = await runForegroundJob(engine, 'evaluate', config);
      const r = job.result as { modelId: number; count: number; accuracy: number; split: string; perSnr: { snr: number; accuracy: number }[] };
      const perSnr = r.perSnr.map((s) => `${s.snr} dB ${(100 * s.accuracy).toFixed(1)} %`).join(', ');
      return {
        json: { jobId: job.id, ...r },
        text: `model ${r.modelId} on ${r.count} ${r.split} samples: accuracy ${(100 * r.accuracy).toFixed(1)} %${perSnr ? `\nper SNR: ${perSnr}` : ''}`,
      };
    } finally {
      await engine.dispose();
    }
  },
};
