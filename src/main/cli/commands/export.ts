// amr-studio export <project> --model M --format onnx|onnx-int8|tfjs --out PATH [--calibration N]
// [--dataset D] [--force]: writes a model for field devices and prints its deployment report.
import { AppError } from '../../../shared/errors.ts';
import { createEngine } from '../../engine/engine.ts';
import { exportFormats, exportModel, type ExportFormat } from '../../engine/export/export-model.ts';
import type { DeploymentReport, LatencyFigures } from '../../engine/export/report.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import type { CliCommand } from '../command.ts';

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
const ms = (v: number) => `${v.toFixed(3)} ms`;
const kib = (v: number) => `${(v / 1024).toFixed(1)} KiB`;

/** CPU time per call (what compares on a shared machine), then the wall clock's medians. */
function latencyText(l: LatencyFigures): string {
  return `latency by CPU time p50/p95 ${ms(l.batch1.cpuP50Ms)}/${ms(l.batch1.cpuP95Ms)} per sample (batch 1), ` +
    `${ms(l.batch64.cpuP50Ms)}/${ms(l.batch64.cpuP95Ms)} per batch of 64 (wall clock p50 ${ms(l.batch1.p50Ms)}, ${ms(l.batch64.p50Ms)})`;
}

/** The report as a person reads it: sizes, accuracy (overall and per SNR), latency, parity. */
export function formatReport(report: DeploymentReport, path: string): string {
  const lines = [
    `exported ${report.model} → ${path}`,
    `  ${report.params} trainable parameters (${report.totalParams} in all), ${report.macs} MACs per sample; measured with ${report.runtime}`,
    `  float: ${kib(report.float.fileBytes)}, accuracy ${pct(report.float.accuracy.overall)} on ${report.float.accuracy.samples} test samples, ` +
      latencyText(report.float.latency),
    `  parity: max |TF.js − export| ${report.float.parity.maxAbsDiff.toExponential(2)} over ${report.float.parity.samples} samples`,
  ];
  if (report.int8) {
    const q = report.int8;
    lines.push(
      `  int8: ${kib(q.fileBytes)}, accuracy ${pct(q.accuracy.overall)} (drop ${q.accuracyDropPoints.toFixed(2)} points), ` +
        latencyText(q.latency),
    );
  }
  const perSnr = (report.int8 ?? report.float).accuracy.perSnr;
  if (perSnr.length) lines.push(`  accuracy per SNR${report.int8 ? ' (int8)' : ''}: ${perSnr.map((b) => `${b.snr} dB ${pct(b.accuracy)}`).join(', ')}`);
  return lines.join('\n');
}

export const command: CliCommand = {
  name: 'export',
  summary: 'export a model as ONNX (float or int8) or TF.js and print its deployment report',
  usage: 'amr-studio export <file.amrproj> --model M --format onnx|onnx-int8|tfjs --out PATH [--calibration 512] [--dataset D] [--force] [--json]',
  options: { model: 'value', format: 'value', out: 'value', calibration: 'value', dataset: 'value', force: 'switch' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const format = stringFlag(args, 'format') ?? 'onnx';
    if (!(exportFormats as readonly string[]).includes(format)) throw new AppError('VALIDATION', `--format must be one of ${exportFormats.join(', ')}, got '${format}'`);
    const outPath = stringFlag(args, 'out');
    if (!outPath) throw new AppError('VALIDATION', '--out is required (the .onnx file, or a new folder for tfjs)');
    const modelId = numberFlag(args, 'model');
    const datasetFlag = stringFlag(args, 'dataset');
    const engine = createEngine({ projectPath, log });
    // Ctrl-C or a kill: the export stops at its next step and removes its .partial file or folder.
    const interrupted = new AbortController();
    const stop = () => interrupted.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const result = await exportModel(engine.store, {
        modelId,
        format: format as ExportFormat,
        outPath,
        calibrationSamples: numberFlag(args, 'calibration', 512),
        datasetId: datasetFlag === undefined ? undefined : numberFlag(args, 'dataset'),
        overwrite: args.flags.force === true,
        signal: interrupted.signal,
        onProgress: (phase) => log(`export: ${phase}`),
      });
      return { json: result, text: `${formatReport(result.report, result.path)}\n  recorded as export ${result.exportId} (${result.bytes} bytes)` };
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await engine.dispose();
    }
  },
};
