// The 'prune' job: cuts a stored, trained model, fine-tunes it and saves the smaller model with
// its lineage (parent id, method, removed units).
import { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import { evaluateModel } from '../../ml/eval/evaluate.ts';
import { reportMetrics } from '../../ml/eval/report-metrics.ts';
import { loadStoredModel } from '../../ml/persist/stored-model.ts';
import { serializeModelWeights } from '../../ml/persist/weights.ts';
import { cutModel, pruneMethods } from '../../ml/prune/cut.ts';
import { modelCost } from '../../ml/prune/measure.ts';
import { pruningSplits, trainingLearningRate } from '../../ml/prune/pruning-data.ts';
import { parseRecovery, recover } from '../../ml/prune/recovery.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';

export const recoverySchema = z.string().regex(/^(none|full|lora|partial(-\d+)?)$/, 'none, full, partial-K or lora');

/** Options every pruning job takes (prune and prune-study). */
export const pruningOptions = {
  modelId: z.number().int(),
  seed: z.number().int().default(0),
  epochs: z.number().int().nonnegative().default(2),
  batchSize: z.number().int().positive().default(64),
  /** default: the parent's training lr / 10 */
  learningRate: z.number().positive().optional(),
  blocks: z.number().int().positive().optional(),
  contribution: z.enum(['synflow', 'taylor', 'magnitude', 'loss-drop']).optional(),
  similarity: z.enum(['cka', 'cosine']).optional(),
  calibrationSamples: z.number().int().positive().optional(),
  /** fine-tune by distillation from the parent (KL at T = 4) */
  distill: z.boolean().default(false),
  /** timed runs per latency figure (median) */
  latencyRepeats: z.number().int().positive().default(5),
};

export const pruneJobSchema = z.object({
  ...pruningOptions,
  method: z.enum(pruneMethods),
  ratio: z.number().min(0).lt(1).default(0.25),
  recovery: recoverySchema.default('partial-3'),
  name: z.string().optional(),
});

/** Refuses, before a job is recorded, a config or model the job would refuse. */
export function checkPruneJob(store: ProjectStore, raw: Record<string, unknown>): void {
  storedWeights(store, parseJobConfig(pruneJobSchema, raw, 'prune').modelId);
}

/** A pruning job starts from a stored model's weights. */
export function storedWeights(store: ProjectStore, modelId: number): void {
  if (!store.getModel(modelId).weights) throw new AppError('NOT_FOUND', `model ${modelId} has no weights stored`);
}

export async function runPruneJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(pruneJobSchema, raw, 'prune');
  const { store } = ctx;
  const { model: parent, spec, record } = loadStoredModel(store, cfg.modelId);
  try {
    const data = pruningSplits(store, record.id, record.datasetId);
    ctx.progress('select', 0, 1);
    const cut = cutModel(parent, spec, cfg, { calibration: data.val, val: data.val });
    try {
      ctx.log(`${cfg.method}: removed ${cut.removed.length ? cut.removed.join(', ') : cut.channel ? `${Math.round(100 * cut.channel.ratio)} % of filters` : 'nothing'}`);
      const recovery = parseRecovery(cfg.recovery);
      const r = await recover(cut.model, cut.spec, recovery, { train: data.train, val: data.val }, {
        epochs: cfg.epochs, batchSize: cfg.batchSize, seed: cfg.seed, learningRate: cfg.learningRate, trainingLearningRate: trainingLearningRate(record.config),
        teacher: cfg.distill ? parent : undefined,
        hooks: {
          signal: ctx.signal,
          onProgress: (p) => ctx.progress('fine-tune', p.epoch * p.batches + p.batch, p.epochs * p.batches, { epoch: p.epoch + 1, loss: p.loss, accuracy: p.accuracy }),
        },
      });
      ctx.progress('evaluate', 0, data.test.count);
      const report = evaluateModel(cut.model, data.test, data.classes, cfg.batchSize);
      const cost = modelCost(cut.model, { repeats: cfg.latencyRepeats });
      const saved = store.saveModel({
        name: cfg.name ?? `${record.name} · ${cfg.method} ${Math.round(100 * cfg.ratio)} % + ${r.recovery}`,
        architecture: cut.spec.arch,
        spec: { ...cut.spec },
        weights: serializeModelWeights(cut.model),
        metrics: { accuracy: report.accuracy, evaluatedOn: 'test', ...cost, parentAccuracy: record.metrics['accuracy'] ?? null },
        datasetId: data.datasetId,
        datasetHash: data.datasetHash,
        parentId: record.id,
        operation: 'prune',
        config: {
          method: cfg.method, ratio: cfg.ratio, recovery: r.recovery, epochs: cfg.epochs, seed: cfg.seed, learningRate: r.learningRate,
          distill: cfg.distill, removed: cut.removed, scores: cut.scores, blocks: cut.plan?.blocks ?? null, channel: cut.channel ?? null,
        },
        jobId: ctx.jobId,
      });
      store.saveMetrics(reportMetrics(report, saved.id, ctx.jobId));
      return { modelId: saved.id, parentId: record.id, method: cfg.method, recovery: r.recovery, removed: cut.removed, accuracy: report.accuracy, ...cost };
    } finally {
      cut.model.dispose();
    }
  } finally {
    parent.dispose();
  }
}

