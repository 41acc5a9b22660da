// The 'export-dataset' job: a stored dataset written as .npz or an RML-style pickle.
import { z } from 'zod';
import { datasetExportFormats, exportDataset } from '../../export/dataset/export-dataset.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';

export const exportDatasetJobSchema = z.object({
  datasetId: z.number().int(),
  format: z.enum(datasetExportFormats),
  outPath: z.string().min(1),
  split: z.enum(['train', 'val', 'test', 'unassigned']).optional(),
  overwrite: z.boolean().optional(),
  unknownSnr: z.number().int().optional(),
});

export async function runExportDatasetJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(exportDatasetJobSchema, raw, 'export-dataset');
  ctx.progress('write', 0, 1);
  const result = exportDataset(ctx.store, cfg);
  ctx.progress('write', 1, 1);
  ctx.log(`wrote dataset ${cfg.datasetId} as ${cfg.format} to ${result.path} (${result.count} signals, ${result.bytes} bytes)`);
  return { ...result };
}
