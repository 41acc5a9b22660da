// The 'evaluate' job: a stored model against a dataset's test split (or all of a dataset),
// with the figures saved beside the model.
import { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import { evaluateModel } from '../../ml/eval/evaluate.ts';
import { reportMetrics } from '../../ml/eval/report-metrics.ts';
import { loadStoredModel } from '../../ml/persist/stored-model.ts';
import { storeSource } from '../../ml/train/data.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';

export const evaluateJobSchema = z.object({
  modelId: z.number().int(),
  /** default: the dataset the model was trained on */
  datasetId: z.number().int().optional(),
  /** default: 'test' when the dataset has a split, else every sample */
  split: z.enum(['train', 'val', 'test', 'all']).optional(),
  batchSize: z.number().int().positive().optional(),
});

export async function runEvaluateJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(evaluateJobSchema, raw, 'evaluate');
  const { store } = ctx;
  const { model, spec, record } = loadStoredModel(store, cfg.modelId);
  try {
    const datasetId = cfg.datasetId ?? record.datasetId;
    if (datasetId === null) throw new AppError('VALIDATION', `model ${cfg.modelId} has no training dataset; give a dataset to evaluate on`);
    const dataset = store.getDataset(datasetId);
    if (dataset.length !== spec.length) {
      throw new AppError('VALIDATION', `dataset ${datasetId} has vectors of length ${dataset.length}; model ${cfg.modelId} expects ${spec.length}`);
    }
    if (dataset.classes.length !== spec.numClasses) {
      throw new AppError('VALIDATION', `dataset ${datasetId} has ${dataset.classes.length} classes; model ${cfg.modelId} predicts ${spec.numClasses}`);
    }
    const split = cfg.split ?? (dataset.split ? 'test' : 'all');
    const data = storeSource(store, split === 'all' ? { datasetId } : { datasetId, split });
    ctx.progress('evaluate', 0, data.count);
    const report = evaluateModel(model, data, dataset.classes, cfg.batchSize ?? 256);
    ctx.progress('evaluate', report.count, report.count, { accuracy: report.accuracy });
    store.saveMetrics(reportMetrics(report, record.id, ctx.jobId));
    store.updateModelMetrics(record.id, { ...record.metrics, accuracy: report.accuracy, evaluatedOn: split, evaluatedDatasetId: datasetId });
    return { modelId: record.id, datasetId, split, count: report.count, accuracy: report.accuracy, perSnr: report.perSnr.map((s) => ({ snr: s.snr, accuracy: s.accuracy })) };
  } finally {
    model.dispose();
  }
}
