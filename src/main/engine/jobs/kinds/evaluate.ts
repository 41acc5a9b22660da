// The 'evaluate' job: a stored model scored on a selection of any dataset whose classes map onto
// its own (by name, or as the request maps them), saved as an evaluation record beside the
// model: the model's own test figure is never touched.
import { z } from 'zod';
import { fastestScorer } from '../../export/onnx-inference.ts';
import { scoreThenRelease } from '../../ml/eval/evaluate.ts';
import { planEvaluation, type EvaluationPlan } from '../../ml/eval/evaluation-plan.ts';
import { mappedReport } from '../../ml/eval/mapped-report.ts';
import { loadStoredModel } from '../../ml/persist/stored-model.ts';
import { defaultTrainingThreads } from '../../ml/train/data-parallel.ts';
import { storeSource } from '../../ml/train/data.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';

export const evaluateJobSchema = z.object({
  modelId: z.number().int(),
  /** default: the dataset the model was trained on */
  datasetId: z.number().int().optional(),
  /** default: 'test' on the model's own data, every sample of other data */
  split: z.enum(['train', 'val', 'test', 'all']).optional(),
  /** dataset class → model class (null: left out); unnamed classes are matched by name */
  classMap: z.record(z.string(), z.string().nullable()).optional(),
  /** score samples the model was trained on; the record is labelled so */
  includeTrainingSamples: z.boolean().optional(),
  batchSize: z.number().int().positive().optional(),
  /** onnxruntime's threads; default one per core, as training has */
  threads: z.number().int().positive().max(64).optional(),
});

function plan(store: ProjectStore, raw: Record<string, unknown>): { cfg: z.infer<typeof evaluateJobSchema>; plan: EvaluationPlan } {
  const cfg = parseJobConfig(evaluateJobSchema, raw, 'evaluate');
  return { cfg, plan: planEvaluation(store, cfg) };
}

/** Refuses, before a job is recorded, what the job would refuse. */
export function checkEvaluateJob(store: ProjectStore, raw: Record<string, unknown>): void {
  plan(store, raw);
}

export async function runEvaluateJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { store } = ctx;
  const { cfg, plan: p } = plan(store, raw);
  const { model } = loadStoredModel(store, p.model.id);
  try {
    const data = storeSource(store, { datasetId: p.dataset.id, classes: p.scoredClasses, ...(p.split === 'all' ? {} : { split: p.split }) });
    ctx.progress('evaluate', 0, data.count);
    const threads = cfg.threads ?? defaultTrainingThreads();
    const scorer = await fastestScorer(model, p.modelClasses, ctx.log, threads);
    const predictions = await scoreThenRelease(scorer, data, cfg.batchSize ?? 256, (done) => ctx.progress('evaluate', done, data.count));
    const report = mappedReport(predictions, p);
    ctx.progress('evaluate', report.count, report.count, { accuracy: report.accuracy });
    const record = store.saveEvaluation({
      modelId: p.model.id,
      datasetId: p.dataset.id,
      datasetName: p.dataset.name,
      datasetHash: p.dataset.contentHash ?? p.dataset.sourceHash,
      split: p.split,
      classMap: p.mapping,
      includesTraining: p.includesTraining,
      sampleCount: report.count,
      metrics: { ...report, engine: scorer.engine, threads },
      jobId: ctx.jobId,
    });
    if (p.includesTraining) ctx.log(`evaluation ${record.id} includes samples model ${p.model.id} was trained on, as asked`);
    return {
      evaluationId: record.id, modelId: p.model.id, datasetId: p.dataset.id, split: p.split, count: report.count, accuracy: report.accuracy, engine: scorer.engine, threads,
      includesTraining: p.includesTraining, missingClasses: report.missingClasses, unmappedClasses: report.unmappedClasses,
      perSnr: report.perSnr.map((s) => ({ snr: s.snr, accuracy: s.accuracy, count: s.count })),
      // NaN (no sample, or nothing predicted) is what JSON can only say as null
      perClass: report.perClass.map((c) => ({ ...c, precision: Number.isNaN(c.precision) ? null : c.precision, recall: Number.isNaN(c.recall) ? null : c.recall })),
    };
  } finally {
    model.dispose();
  }
}
