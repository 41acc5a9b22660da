// Exporting from the workbench: the export runs as a job (convert, calibrate, write, measure);
// its record and deployment report are read back from the project's exports.
import path from 'node:path';
import type { ChannelArg } from '../../../../shared/contract.ts';
import type { DeploymentReportView, ExportSummary } from '../../../../shared/dto.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { Engine } from '../../engine.ts';
import type { ExportRecord } from '../../store/exports.ts';
import type { Handler } from '../dispatch.ts';
import { finishedResult } from './pruning.ts';

function reportOf(record: ExportRecord): DeploymentReportView | null {
  const r = record.report as Partial<DeploymentReportView>;
  return r && typeof r.params === 'number' && r.float && typeof r.float === 'object' ? (r as DeploymentReportView) : null;
}

export function toExportSummary(record: ExportRecord): ExportSummary {
  return { id: record.id, modelId: record.modelId, format: record.format, path: record.path, sizeBytes: record.sizeBytes, createdAt: record.createdAt, report: reportOf(record) };
}

/** The export job, once its path is known writable (the job's check): nothing is converted first. */
export async function startExport(engine: Engine, arg: ChannelArg<'startExport'>): Promise<{ jobId: number }> {
  const model = engine.store.getModel(arg.modelId);
  if (model.weightsBytes === 0) throw new AppError('VALIDATION', `model ${arg.modelId} (“${model.name}”) has no weights stored`);
  const config: Record<string, unknown> = { modelId: arg.modelId, format: arg.format, outPath: path.resolve(arg.outPath) };
  if (arg.calibrationSamples !== undefined) config['calibrationSamples'] = arg.calibrationSamples;
  if (arg.overwrite !== undefined) config['overwrite'] = arg.overwrite;
  return { jobId: await engine.jobs.submit('export', config) };
}

export function exportOfJob(engine: Engine, jobId: number): ExportSummary | null {
  const result = finishedResult(engine, jobId, 'export');
  if (!result) return null;
  const exportId = result['exportId'];
  const record = engine.store.listExports().find((e) => e.id === exportId);
  if (!record) throw new AppError('NOT_FOUND', `export job ${jobId}: its export #${String(exportId)} is no longer in the project`);
  return toExportSummary(record);
}

export function listModelExports(engine: Engine, modelId: number): ExportSummary[] {
  engine.store.getModel(modelId);
  return engine.store.listExports({ modelId }).map(toExportSummary).reverse();
}

export const exportHandlers: {
  startExport: Handler<Engine, 'startExport'>;
  getExportResult: Handler<Engine, 'getExportResult'>;
  listExports: Handler<Engine, 'listExports'>;
} = {
  startExport: async (engine, arg) => startExport(engine, arg),
  getExportResult: async (engine, arg) => exportOfJob(engine, arg.jobId),
  listExports: async (engine, arg) => listModelExports(engine, arg.modelId),
};
