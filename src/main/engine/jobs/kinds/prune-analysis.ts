// The 'prune-analysis' job: the pruning analysis of a stored model on its validation split.
import { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import { analysePruning } from '../../ml/prune/analysis.ts';
import { selectionMetrics } from '../../ml/prune/selection.ts';
import { loadStoredModel } from '../../ml/persist/stored-model.ts';
import { storeSource } from '../../ml/train/data.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';

export const analysisJobSchema = z.object({
  modelId: z.number().int(),
  metric: z.enum(selectionMetrics),
  seed: z.number().int().default(0),
  /** samples whose unit outputs the similarity matrix compares */
  calibrationSamples: z.number().int().min(2).default(256),
});

export async function runPruneAnalysisJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(analysisJobSchema, raw, 'prune-analysis');
  const { model, spec, record } = loadStoredModel(ctx.store, cfg.modelId);
  try {
    if (record.datasetId === null) throw new AppError('VALIDATION', `model ${record.id} has no training dataset to measure unit outputs on`);
    const dataset = ctx.store.getDataset(record.datasetId);
    if (!dataset.split) throw new AppError('VALIDATION', `dataset ${dataset.id} has no train/val/test split; train a model on it first`);
    const val = storeSource(ctx.store, { datasetId: dataset.id, split: 'val' });
    if (val.count < 2) throw new AppError('VALIDATION', `dataset ${dataset.id}: the analysis needs at least 2 validation samples, found ${val.count}`);
    ctx.progress('analyse', 0, 1);
    const analysis = analysePruning(model, spec, { calibration: val, val }, { ...cfg, modelId: record.id });
    ctx.progress('analyse', 1, 1);
    ctx.log(`${cfg.metric}: scored ${analysis.units.length} units; elbow at K = ${analysis.elbow}`);
    return { ...analysis };
  } finally {
    model.dispose();
  }
}
