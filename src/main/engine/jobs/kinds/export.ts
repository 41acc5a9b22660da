// The 'export' job: exportModel run in a job process, with progress and cancel.
import { z } from 'zod';
import { checkOutPath, exportFormats, exportModel } from '../../export/export-model.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';

export const exportJobSchema = z.object({
  modelId: z.number().int(),
  format: z.enum(exportFormats),
  outPath: z.string().min(1),
  calibrationSamples: z.number().int().positive().optional(),
  datasetId: z.number().int().optional(),
  overwrite: z.boolean().optional(),
});

/** Refuses, before a job is recorded, a model that is not there and a path that cannot be written. */
export function checkExportJob(store: ProjectStore, raw: Record<string, unknown>): void {
  const cfg = parseJobConfig(exportJobSchema, raw, 'export');
  store.getModel(cfg.modelId);
  checkOutPath(cfg.outPath, cfg.format, cfg.overwrite ?? false);
}

export async function runExportJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(exportJobSchema, raw, 'export');
  const result = await exportModel(ctx.store, {
    ...cfg,
    signal: ctx.signal,
    onProgress: (phase, done, total) => ctx.progress(phase, done, total),
  });
  ctx.log(`exported model ${cfg.modelId} as ${cfg.format} to ${result.path} (${result.bytes} bytes), export ${result.exportId}`);
  return { exportId: result.exportId, path: result.path, bytes: result.bytes, report: result.report };
}
