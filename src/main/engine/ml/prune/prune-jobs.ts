// The 'prune' and 'prune-study' jobs: run in a worker against a stored, trained model. 'prune'
// saves the pruned, fine-tuned model with its lineage (parent id, method, removed units);
// 'prune-study' returns the whole comparison table, stored as the job's result.
import { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import type { JobContext } from '../../jobs/context.ts';
import type { ProjectStore } from '../../store/project.ts';
import { evaluateModel } from '../eval/evaluate.ts';
import { reportMetrics } from '../eval/report-metrics.ts';
import { loadStoredModel } from '../persist/stored-model.ts';
import { serializeModelWeights } from '../persist/weights.ts';
import { storeSource, type DataSource } from '../train/data.ts';
import { parseJobConfig } from '../train/train-job.ts';
import { cutModel, pruneMethods } from './cut.ts';
import { modelCost } from './measure.ts';
import { parseRecovery, recover } from './recovery.ts';
import { runPruningStudy } from './study.ts';

const recoverySchema = z.string().regex(/^(none|full|lora|partial(-\d+)?)$/, 'none, full, partial-K or lora');

const common = {
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
  ...common,
  method: z.enum(pruneMethods),
  ratio: z.number().min(0).lt(1).default(0.25),
  recovery: recoverySchema.default('partial-3'),
  name: z.string().optional(),
});

export const studyJobSchema = z.object({
  ...common,
  methods: z.array(z.enum(pruneMethods)).min(1).default([...pruneMethods]),
  recoveries: z.array(recoverySchema).min(1).default(['none', 'partial-3', 'full', 'lora']),
  ratios: z.array(z.number().min(0).lt(1)).min(1).default([0.25]),
  /** cut block-wise and channel pruning to reverse-order's size */
  matchParams: z.boolean().default(true),
});

interface Splits {
  train: DataSource;
  val: DataSource;
  test: DataSource;
  classes: string[];
  datasetId: number;
  datasetHash: string | null;
}

function splitsOf(store: ProjectStore, modelId: number, datasetId: number | null): Splits {
  if (datasetId === null) throw new AppError('VALIDATION', `model ${modelId} has no training dataset to fine-tune and evaluate on`);
  const dataset = store.getDataset(datasetId);
  if (!dataset.split) throw new AppError('VALIDATION', `dataset ${datasetId} has no train/val/test split; train a model on it first`);
  const source = (split: 'train' | 'val' | 'test') => storeSource(store, { datasetId, split });
  const splits = { train: source('train'), val: source('val'), test: source('test'), classes: dataset.classes, datasetId, datasetHash: dataset.sourceHash };
  if (splits.train.count === 0 || splits.val.count === 0) throw new AppError('VALIDATION', `dataset ${datasetId}: pruning needs non-empty train and val splits`);
  if (splits.test.count === 0) splits.test = splits.val;
  return splits;
}

function trainingLr(config: Record<string, unknown>): number | undefined {
  const lr = (config['train'] as { learningRate?: unknown } | undefined)?.learningRate;
  return typeof lr === 'number' ? lr : undefined;
}

export async function runPruneJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(pruneJobSchema, raw, 'prune');
  const { store } = ctx;
  const { model: parent, spec, record } = loadStoredModel(store, cfg.modelId);
  try {
    const data = splitsOf(store, record.id, record.datasetId);
    ctx.progress('select', 0, 1);
    const cut = cutModel(parent, spec, cfg, { calibration: data.val, val: data.val });
    try {
      ctx.log(`${cfg.method}: removed ${cut.removed.length ? cut.removed.join(', ') : cut.channel ? `${Math.round(100 * cut.channel.ratio)} % of filters` : 'nothing'}`);
      const recovery = parseRecovery(cfg.recovery);
      const r = await recover(cut.model, cut.spec, recovery, { train: data.train, val: data.val }, {
        epochs: cfg.epochs, batchSize: cfg.batchSize, seed: cfg.seed, learningRate: cfg.learningRate, trainingLearningRate: trainingLr(record.config),
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

export async function runPruneStudyJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(studyJobSchema, raw, 'prune-study');
  const { store } = ctx;
  const { model: parent, spec, record } = loadStoredModel(store, cfg.modelId);
  try {
    const data = splitsOf(store, record.id, record.datasetId);
    const rows = await runPruningStudy(parent, spec, { ...data, calibration: data.val }, { ...cfg, trainingLearningRate: trainingLr(record.config) }, {
      signal: ctx.signal,
      onRow: (row, done, total) => {
        ctx.progress('study', done, total, { accuracy: row.accuracy, params: row.params });
        ctx.log(`${row.method} + ${row.recovery}: accuracy ${(100 * row.accuracy).toFixed(1)} %, ${row.params} params`);
      },
    });
    return { parentId: record.id, spec: { ...spec }, config: { ...cfg }, rows };
  } finally {
    parent.dispose();
  }
}
