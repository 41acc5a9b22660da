// amr-studio distill-eval <project> --dataset S --models convnet,vtcnn2,resnet1d20 [--runs 5]
// [--epochs 300] [--augment iq|none] [--recurrent-lr 0.01] [--seed 0] [--json]: trains fresh networks of
// each architecture on the set alone (SGD; LSTM2 and GRU2 with Adam at --recurrent-lr), tests them on
// the real test split of the dataset it was distilled from, and prints mean ± std accuracy. Given a real dataset: its whole train split (the upper bound).
import { AppError } from '../../../shared/errors.ts';
import { createEngine } from '../../engine/engine.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { resolveDatasetId } from '../dataset-ref.ts';
import { runForegroundJob } from '../foreground-job.ts';

interface Score {
  arch: string;
  mean: number;
  std: number;
  runs: number[];
}

export function formatScores(scores: Score[]): string {
  const width = Math.max(4, ...scores.map((s) => s.arch.length));
  return scores.map((s) => `${s.arch.padEnd(width)}  ${(100 * s.mean).toFixed(1).padStart(5)} ± ${(100 * s.std).toFixed(1).padStart(4)} %  (${s.runs.length} runs)`).join('\n');
}

export const command: CliCommand = {
  name: 'distill-eval',
  summary: 'evaluate a distilled (or any) set: fresh networks trained on it alone, tested on the real test split',
  options: { dataset: 'value', models: 'value', runs: 'value', epochs: 'value', augment: 'value', 'recurrent-lr': 'value', seed: 'value', backend: 'value' },
  usage: 'amr-studio distill-eval <file.amrproj> --dataset ID|NAME --models convnet,vtcnn2,resnet1d20 [--runs 5] [--epochs 300] [--augment iq|none] [--recurrent-lr 0.01] [--seed 0] [--backend NAME] [--json]',
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const datasetRef = stringFlag(args, 'dataset');
    if (!datasetRef) throw new AppError('VALIDATION', '--dataset is required');
    const models = (stringFlag(args, 'models') ?? 'convnet').split(',').map((m) => m.trim()).filter(Boolean);
    if (models.length === 0) throw new AppError('VALIDATION', '--models needs at least one architecture');
    const augment = stringFlag(args, 'augment');
    if (augment !== undefined && augment !== 'none' && augment !== 'iq') throw new AppError('VALIDATION', `--augment must be one of none, iq, got '${augment}'`);
    const config = {
      models, seed: numberFlag(args, 'seed', 0),
      ...(stringFlag(args, 'runs') === undefined ? {} : { runs: numberFlag(args, 'runs') }),
      ...(stringFlag(args, 'epochs') === undefined ? {} : { epochs: numberFlag(args, 'epochs') }),
      ...(augment === undefined ? {} : { augment }),
      ...(stringFlag(args, 'recurrent-lr') === undefined ? {} : { recurrentLearningRate: numberFlag(args, 'recurrent-lr') }),
    };
    const engine = createEngine({ projectPath, log, backend: stringFlag(args, 'backend') });
    try {
      const job = await runForegroundJob(engine, 'distill-eval', { datasetId: resolveDatasetId(engine.store, datasetRef), ...config });
      const r = job.result as { datasetId: number; testDatasetId: number; scores: Score[] };
      return { json: { jobId: job.id, ...r }, text: `dataset ${r.datasetId} on the test split of dataset ${r.testDatasetId}:\n${formatScores(r.scores)}` };
    } finally {
      await engine.dispose();
    }
  },
};
