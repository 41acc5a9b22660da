// amr-studio cluster <project> --target D [--source S] --k 11 [--k-range 2:15] [--encoder cnn1d]
// [--transfer source|none] [--epochs 10] [--snr-min dB] [--snr-max dB] [--seed N] [--name NAME] [--json]:
// deep transfer clustering of a target dataset in a job process, with its k-means baselines.
import { clusterMethodLabels, type ClusterMethodName } from '../../../shared/clustering.ts';
import { AppError } from '../../../shared/errors.ts';
import { createEngine } from '../../engine/engine.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { resolveDatasetId } from '../dataset-ref.ts';
import { runForegroundJob } from '../foreground-job.ts';

function kRange(text: string): { min: number; max: number } {
  const m = /^(\d+):(\d+)$/.exec(text);
  if (!m) throw new AppError('VALIDATION', `--k-range must look like 2:15, got '${text}'`);
  return { min: Number(m[1]), max: Number(m[2]) };
}

const percent = (v: number): string => `${(100 * v).toFixed(1)} %`;

export const command: CliCommand = {
  name: 'cluster',
  summary: 'cluster an unlabelled dataset by modulation (deep transfer clustering) beside k-means baselines',
  usage:
    'amr-studio cluster <file.amrproj> --target ID|NAME [--source ID|NAME] (--k K | --k-range MIN:MAX) [--transfer source|none] [--encoder cnn1d] [--epochs 10] [--snr-min DB] [--snr-max DB] [--seed 0] [--name NAME] [--backend NAME] [--json]',
  options: {
    target: 'value', source: 'value', k: 'value', 'k-range': 'value', transfer: 'value', encoder: 'value', epochs: 'value',
    'snr-min': 'value', 'snr-max': 'value', seed: 'value', name: 'value', backend: 'value',
  },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const target = stringFlag(args, 'target');
    if (!target) throw new AppError('VALIDATION', '--target is required');
    const source = stringFlag(args, 'source');
    const transfer = stringFlag(args, 'transfer') ?? (source === undefined ? 'none' : 'source');
    if (transfer !== 'source' && transfer !== 'none') throw new AppError('VALIDATION', `--transfer must be source or none, got '${transfer}'`);
    if (transfer === 'source' && source === undefined) throw new AppError('VALIDATION', '--source is required to transfer an encoder (or give --transfer none)');
    const range = stringFlag(args, 'k-range');
    if (range === undefined && stringFlag(args, 'k') === undefined) throw new AppError('VALIDATION', '--k or --k-range is required');
    const encoder = stringFlag(args, 'encoder');
    const name = stringFlag(args, 'name');
    const optionalNumber = (flag: string): number | undefined => (stringFlag(args, flag) === undefined ? undefined : numberFlag(args, flag));
    const epochs = optionalNumber('epochs');
    const snrMin = optionalNumber('snr-min');
    const snrMax = optionalNumber('snr-max');
    const settings = {
      transfer,
      ...(range === undefined ? { k: numberFlag(args, 'k') } : { estimateK: kRange(range) }),
      ...(encoder ? { encoder: { arch: encoder } } : {}),
      ...(epochs === undefined ? {} : { pretrain: { epochs } }),
      ...(snrMin === undefined ? {} : { snrMin }),
      ...(snrMax === undefined ? {} : { snrMax }),
      ...(name ? { name } : {}),
      seed: numberFlag(args, 'seed', 0),
    };
    const engine = createEngine({ projectPath, log, backend: stringFlag(args, 'backend') });
    try {
      const config = {
        targetDatasetId: resolveDatasetId(engine.store, target),
        ...(transfer === 'source' ? { sourceDatasetId: resolveDatasetId(engine.store, source!) } : {}),
        ...settings,
      };
      const job = await runForegroundJob(engine, 'cluster', config);
      const r = job.result as {
        runId: number; k: number; stoppedBy: string; iterations: number; warnings: string[];
        methods: { method: ClusterMethodName; scores: { acc: number; nmi: number; ari: number } | null }[];
      };
      const lines = r.methods.map((m) => `  ${clusterMethodLabels[m.method].padEnd(56)} ${m.scores ? `ACC ${percent(m.scores.acc)}  NMI ${m.scores.nmi.toFixed(3)}  ARI ${m.scores.ari.toFixed(3)}` : 'no labels to score against'}`);
      return {
        json: { jobId: job.id, ...r },
        text: [`cluster run ${r.runId}: K = ${r.k}, stopped by ${r.stoppedBy} after ${r.iterations} iterations`, ...lines, ...r.warnings.map((w) => `warning: ${w}`)].join('\n'),
      };
    } finally {
      await engine.dispose();
    }
  },
};
