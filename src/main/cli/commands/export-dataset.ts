// amr-studio export-dataset <project> --dataset D --format npz|rml-pickle --out FILE
// [--split train|val|test] [--unknown-snr DB] [--overwrite] [--json]: writes a stored dataset as
// files other tools read (numpy.load, pickle.load).
import { AppError } from '../../../shared/errors.ts';
import { datasetExportFormatNames } from '../../../shared/distillation.ts';
import { createEngine } from '../../engine/engine.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { resolveDatasetId } from '../dataset-ref.ts';
import { runForegroundJob } from '../foreground-job.ts';

export const command: CliCommand = {
  name: 'export-dataset',
  summary: 'write a dataset as .npz (X, Y, snr, classes) or as an RML-style pickle',
  options: { dataset: 'value', format: 'value', out: 'value', split: 'value', 'unknown-snr': 'value', overwrite: 'switch' },
  usage: `amr-studio export-dataset <file.amrproj> --dataset ID|NAME --format ${datasetExportFormatNames.join('|')} --out FILE [--split train|val|test] [--unknown-snr DB] [--overwrite] [--json]`,
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const datasetRef = stringFlag(args, 'dataset');
    if (!datasetRef) throw new AppError('VALIDATION', '--dataset is required');
    const format = stringFlag(args, 'format');
    if (!format || !(datasetExportFormatNames as readonly string[]).includes(format)) throw new AppError('VALIDATION', `--format must be one of ${datasetExportFormatNames.join(', ')}`);
    const outPath = stringFlag(args, 'out');
    if (!outPath) throw new AppError('VALIDATION', '--out is required');
    const split = stringFlag(args, 'split');
    const config = {
      format, outPath, overwrite: args.flags['overwrite'] === true,
      ...(split === undefined ? {} : { split }),
      ...(stringFlag(args, 'unknown-snr') === undefined ? {} : { unknownSnr: numberFlag(args, 'unknown-snr') }),
    };
    const engine = createEngine({ projectPath, log });
    try {
      const job = await runForegroundJob(engine, 'export-dataset', { datasetId: resolveDatasetId(engine.store, datasetRef), ...config });
      const r = job.result as { path: string; bytes: number; count: number };
      return { json: { jobId: job.id, ...r }, text: `wrote ${r.count} signals to ${r.path} (${r.bytes} bytes)` };
    } finally {
      await engine.dispose();
    }
  },
};
