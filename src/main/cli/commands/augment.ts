// amr-studio augment <project> --dataset D --method msm [--per-sample 1] [--seed 0] [--name NAME]
// [--without-originals] [--backend NAME] [--json]: writes a derived dataset of augmented signals in a job process.
import { AppError } from '../../../shared/errors.ts';
import { createEngine } from '../../engine/engine.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { resolveDatasetId } from '../dataset-ref.ts';
import { runForegroundJob } from '../foreground-job.ts';
import { augmentFromArgs } from '../training-options.ts';

export const command: CliCommand = {
  name: 'augment',
  summary: 'write a derived dataset: the dataset plus augmented copies of its training signals (in a job process)',
  usage: 'amr-studio augment <file.amrproj> --dataset ID|NAME --method rm|msm|theta:0.2|nrm:4|blend|rf:phase,awgn (join with +) [--per-sample 1] [--seed 0] [--name NAME] [--without-originals] [--backend NAME] [--json]',
  options: { dataset: 'value', method: 'value', 'per-sample': 'value', seed: 'value', name: 'value', 'without-originals': 'switch', backend: 'value' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const dataset = stringFlag(args, 'dataset');
    if (!dataset) throw new AppError('VALIDATION', '--dataset is required');
    if (stringFlag(args, 'method') === undefined) throw new AppError('VALIDATION', '--method is required (rm, msm, theta:θ, nrm:n, blend, rf:ops)');
    const spec = augmentFromArgs(args, 'method');
    if (!spec) throw new AppError('VALIDATION', "--method 'none' makes nothing to write");
    const name = stringFlag(args, 'name');
    const settings = { spec, seed: numberFlag(args, 'seed', 0), includeOriginals: args.flags['without-originals'] !== true, ...(name ? { name } : {}) };
    const engine = createEngine({ projectPath, log, backend: stringFlag(args, 'backend') });
    try {
      const job = await runForegroundJob(engine, 'augment', { datasetId: resolveDatasetId(engine.store, dataset), ...settings });
      const r = job.result as { datasetId: number; originals: number; augmented: number; unmixed: number; method: string; seed: number };
      return {
        json: { jobId: job.id, ...r },
        text: `dataset ${r.datasetId}: ${r.augmented} augmented signals (${r.method}, seed ${r.seed})${r.originals ? ` beside ${r.originals} originals` : ''}${r.unmixed ? `; ${r.unmixed} signals had no partner` : ''}`,
      };
    } finally {
      await engine.dispose();
    }
  },
};
