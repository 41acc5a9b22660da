// amr-studio evaluate <project> --model M [--dataset D] [--split test|val|train|all]
// [--map DATASET=MODEL,…] [--include-training-samples] [--threads N] [--json]: scores a stored model on any
// dataset whose classes map onto its own (by name, or as --map says), saved as an evaluation
// record beside the model; the model's own test figure is never changed.
import { parseClassMappingText } from '../../../shared/class-mapping.ts';
import { AppError } from '../../../shared/errors.ts';
import { numberFlag, optionalNumberFlag, requirePositional, stringFlag } from '../args.ts';
import { createEngine } from '../../engine/engine.ts';
import type { CliCommand } from '../command.ts';
import { resolveDatasetId } from '../dataset-ref.ts';
import { runForegroundJob } from '../foreground-job.ts';

interface EvaluateResult {
  evaluationId: number;
  modelId: number;
  datasetId: number;
  count: number;
  accuracy: number;
  split: string;
  includesTraining: boolean;
  missingClasses: string[];
  unmappedClasses: string[];
  perSnr: { snr: number; accuracy: number; count: number }[];
  perClass: { className: string; precision: number | null; recall: number | null; support: number }[];
}

function withFlag<T>(flag: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof AppError) throw new AppError(err.code, `--${flag}: ${err.message}`);
    throw err;
  }
}

const pct = (v: number | null) => (v === null || Number.isNaN(v) ? '—' : `${(100 * v).toFixed(1)} %`);

function describe(r: EvaluateResult): string {
  const lines = [
    `evaluation ${r.evaluationId}: model ${r.modelId} on ${r.count} ${r.split === 'all' ? '' : `${r.split} `}samples of dataset ${r.datasetId}: accuracy ${pct(r.accuracy)}`,
  ];
  if (r.includesTraining) lines.push('  includes samples the model was trained on (as asked): not a test figure');
  if (r.perSnr.length) lines.push(`  per SNR: ${r.perSnr.map((s) => `${s.snr} dB ${pct(s.accuracy)}`).join(', ')}`);
  const width = Math.max(5, ...r.perClass.map((c) => c.className.length));
  lines.push(`  ${'class'.padEnd(width)}  samples  precision  recall`);
  for (const c of r.perClass) lines.push(`  ${c.className.padEnd(width)}  ${String(c.support).padStart(7)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall).padStart(6)}`);
  if (r.missingClasses.length) lines.push(`  no samples of: ${r.missingClasses.join(', ')}`);
  if (r.unmappedClasses.length) lines.push(`  left out (no model class): ${r.unmappedClasses.join(', ')}`);
  return lines.join('\n');
}

export const command: CliCommand = {
  name: 'evaluate',
  summary: 'evaluate a stored model on any dataset (classes matched by name): accuracy overall, per SNR and per class, kept as a record',
  usage:
    'amr-studio evaluate <file.amrproj> --model ID [--dataset ID|NAME] [--split test|val|train|all] [--map QAM16=16QAM,FM=WBFM,NOISE=] ' +
    '[--include-training-samples] [--threads N] [--backend NAME] [--json]',
  options: { model: 'value', dataset: 'value', split: 'value', map: 'value', 'include-training-samples': 'switch', threads: 'value', backend: 'value' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const dataset = stringFlag(args, 'dataset');
    const split = stringFlag(args, 'split');
    if (split !== undefined && !['train', 'val', 'test', 'all'].includes(split)) {
      throw new AppError('VALIDATION', `--split must be train, val, test or all, got '${split}'`);
    }
    const map = stringFlag(args, 'map');
    const classMap = map === undefined ? undefined : withFlag('map', () => parseClassMappingText(map));
    const modelId = numberFlag(args, 'model');
    const threads = optionalNumberFlag(args, 'threads');
    const engine = createEngine({ projectPath, log, backend: stringFlag(args, 'backend') });
    try {
      const config = {
        modelId,
        ...(dataset === undefined ? {} : { datasetId: resolveDatasetId(engine.store, dataset) }),
        ...(split === undefined ? {} : { split }),
        ...(classMap === undefined ? {} : { classMap }),
        ...(args.flags['include-training-samples'] === true ? { includeTrainingSamples: true } : {}),
        ...(threads === undefined ? {} : { threads }),
      };
      const job = await runForegroundJob(engine, 'evaluate', config);
      const r = job.result as EvaluateResult;
      return { json: { jobId: job.id, ...r }, text: describe(r) };
    } finally {
      await engine.dispose();
    }
  },
};
