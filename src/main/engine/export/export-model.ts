// Exports a stored model for field devices: writes the file(s), measures the deployment report
// on the exported file itself, and records the export — all or nothing.
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, unlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { checkWritableFolder } from '../base/writable-folder.ts';
import { checkReplaceable, moveExportIntoPlace, removeExportFolder, writeExportMarker } from './previous-export.ts';
import { loadStoredModel } from '../ml/persist/stored-model.ts';
import type { ProjectStore } from '../store/project.ts';
import type { ModelRecord } from '../store/models.ts';
import type { DatasetInfo } from '../store/types.ts';
import { drawSamples, positiveInteger } from './draw-samples.ts';
import { toModelInput } from './model-input.ts';
import type { ExportMetadata } from './onnx/metadata.ts';
import type { DeploymentReport, ReportTestSet } from './report.ts';
import { writeFloatOnnx, writeInt8Onnx } from './writers/onnx.ts';
import { writeTfjs } from './writers/tfjs.ts';
import type { ExportPhase, ExportWriter } from './writers/writer.ts';

export const exportFormats = ['onnx', 'onnx-int8', 'tfjs'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export type { ExportPhase } from './writers/writer.ts';

/** One writer per format: it writes the file (or folder) and measures its deployment report. */
const writers: Record<ExportFormat, ExportWriter> = { onnx: writeFloatOnnx, 'onnx-int8': writeInt8Onnx, tfjs: writeTfjs };

const phases: readonly ExportPhase[] = ['load', 'convert', 'calibrate', 'write', 'measure', 'record'];

export interface ExportModelOptions {
  modelId: number;
  format: ExportFormat;
  /** the .onnx file, or the folder for 'tfjs' (model.json + weights.bin); its parent folder must exist */
  outPath: string;
  /** samples from the model's training split used to calibrate int8 ranges (default 512) */
  calibrationSamples?: number;
  /** dataset whose test split the report is measured on (default: the one the model was trained on) */
  datasetId?: number;
  /** replace an existing file or folder at outPath (default: refuse) */
  overwrite?: boolean;
  /** test samples the report runs (default 50,000; a larger split is sampled with a fixed seed) */
  maxTestSamples?: number;
  /** timed runs per batch size in the report (default 50) */
  latencyRuns?: number;
  signal?: AbortSignal;
  onProgress?: (phase: ExportPhase, done: number, total: number) => void;
}

export interface ExportModelResult {
  exportId: number;
  /** absolute path of the exported file (or folder) */
  path: string;
  /** bytes on disk (both files for 'tfjs') */
  bytes: number;
  report: DeploymentReport;
}

const DEFAULT_CALIBRATION = 512;
const DEFAULT_MAX_TEST = 50_000;

function checkFormat(format: string): ExportFormat {
  if (!(exportFormats as readonly string[]).includes(format)) throw new AppError('VALIDATION', `export format must be one of ${exportFormats.join(', ')}, got '${format}'`);
  return format as ExportFormat;
}

/** Refuses, before any work, an output path that cannot be written or would overwrite unasked. */
export function checkOutPath(outPath: string, format: ExportFormat, overwrite: boolean): string {
  const out = path.resolve(outPath);
  checkWritableFolder(out);
  if (lexists(out)) {
    if (!overwrite) throw new AppError('VALIDATION', `${out}: already exists; choose a new name or allow overwriting`);
    checkReplaceable(out, format === 'tfjs' ? 'tfjs' : 'onnx');
  }
  return out;
}

/** True when something is at the path, a dangling link included. */
function lexists(target: string): boolean {
  try {
    lstatSync(target);
    return true;
  } catch {
    return false;
  }
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'export cancelled; nothing was written');
}

function datasetFor(store: ProjectStore, record: ModelRecord, datasetId: number | undefined): DatasetInfo {
  const id = datasetId ?? record.datasetId;
  if (id == null) throw new AppError('VALIDATION', `model ${record.id} records no training dataset; choose the dataset to measure the export on`);
  return store.getDataset(id);
}

/** Model ancestry, oldest first: what the device-side reader sees as the model's history. */
function lineageOf(store: ProjectStore, record: ModelRecord): string[] {
  const byId = new Map(store.listModels().map((m) => [m.id, m]));
  const chain: string[] = [];
  const seen = new Set<number>();
  for (let m = byId.get(record.id); m && !seen.has(m.id); m = m.parentId == null ? undefined : byId.get(m.parentId)) {
    seen.add(m.id);
    chain.unshift(`${m.operation}: model ${m.id} "${m.name}" (${m.architecture})`);
  }
  return chain;
}

function metadataFor(store: ProjectStore, record: ModelRecord, trainedOn: DatasetInfo | null, classes: string[]): ExportMetadata {
  const params = trainedOn?.params ?? {};
  const normalisation = params.normalisation ?? params.normalization;
  return {
    classes,
    modelName: record.name,
    inputLayout: `float32 [N, 2, ${trainedOn?.length ?? '?'}]: row 0 = I, row 1 = Q`,
    normalization: typeof normalisation === 'string' ? normalisation : undefined,
    snrRangeDb: trainedOn && trainedOn.snrs.length ? [trainedOn.snrs[0]!, trainedOn.snrs[trainedOn.snrs.length - 1]!] : null,
    sourceDataset: trainedOn ? `${trainedOn.name} (sha256 ${trainedOn.sourceHash})` : undefined,
    lineage: lineageOf(store, record),
    extra: { output: `logits [N, ${classes.length}] in the order of classes; apply softmax for probabilities`, model_id: String(record.id) },
  };
}

/**
 * Exports model `modelId` as float ONNX, int8 ONNX (static QDQ, calibrated on the training
 * split) or a TF.js folder, with a deployment report measured by running the written file on
 * the test split. Files are written under a temporary name and renamed only together with the
 * export row's insert, so a failure leaves neither a file nor a row.
 */
export async function exportModel(store: ProjectStore, options: ExportModelOptions): Promise<ExportModelResult> {
  const format = checkFormat(options.format);
  const out = checkOutPath(options.outPath, format, options.overwrite ?? false);
  const progress = (phase: ExportPhase) => {
    throwIfCancelled(options.signal);
    options.onProgress?.(phase, phases.indexOf(phase), phases.length);
  };
  progress('load');
  const { model, spec, record } = loadStoredModel(store, options.modelId);
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    const dataset = datasetFor(store, record, options.datasetId);
    if (dataset.length !== spec.length) throw new AppError('VALIDATION', `dataset ${dataset.id} has vectors of ${dataset.length} samples, model ${record.id} takes ${spec.length}`);
    if (dataset.classes.length !== spec.numClasses) throw new AppError('VALIDATION', `dataset ${dataset.id} has ${dataset.classes.length} classes, model ${record.id} outputs ${spec.numClasses}`);
    const trainedOn = record.datasetId == null ? null : record.datasetId === dataset.id ? dataset : store.getDataset(record.datasetId);
    const samples = drawSamples(store, { datasetId: dataset.id, split: 'test' }, positiveInteger(options.maxTestSamples ?? DEFAULT_MAX_TEST, 'test samples'));
    if (samples.count === 0) throw new AppError('VALIDATION', `dataset ${dataset.id} has no test split to measure the export on; split it first`);
    const sampleShape = model.inputs[0]!.shape.slice(1) as number[];
    const test: ReportTestSet = { x: toModelInput(samples.x, samples.count, spec.length, sampleShape), y: samples.y, snr: samples.snr, count: samples.count, sampleShape };
    const written = await writers[format]({
      store,
      record,
      model,
      length: spec.length,
      metadata: metadataFor(store, record, trainedOn ?? dataset, dataset.classes),
      report: { modelName: record.name, model, test, latencyRuns: options.latencyRuns },
      temp,
      datasetId: dataset.id,
      calibrationSamples: options.calibrationSamples ?? DEFAULT_CALIBRATION,
      progress,
    });
    const { bytes, report } = written;
    if (format === 'tfjs') writeExportMarker(temp);

    progress('record');
    const config = { datasetId: dataset.id, testSamples: samples.count, ...written.config };
    let exportId: number;
    try {
      exportId = store.transaction(() => {
        const row = store.saveExport({ modelId: record.id, format, path: out, config, report: report as unknown as Record<string, unknown>, sizeBytes: bytes });
        // Inside the transaction: a failed move rolls the row back.
        moveExportIntoPlace(temp, out, format === 'tfjs' ? 'tfjs' : 'onnx');
        return row.id;
      });
    } catch (err) {
      // The move happened but the row did not commit: take back what was just put there.
      if (!existsSync(temp) && existsSync(out)) {
        if (format === 'tfjs') removeExportFolder(out);
        else unlinkSync(out);
      }
      throw err;
    }
    return { exportId, path: out, bytes, report };
  } finally {
    model.dispose();
    await rm(temp, { recursive: true, force: true });
  }
}
