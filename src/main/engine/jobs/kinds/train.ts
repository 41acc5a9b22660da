// The 'train' job: split the dataset if needed, train (on a subset, with online augmentation,
// when asked) with checkpoints, evaluate on the test split, and save the model, its training
// config and metrics in the project.
import { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import { augmentSpecSchema, describeAugment } from '../../../../shared/augment.ts';
import { epochTally } from '../../ml/augment/online.ts';
import { trainingAugmentation } from '../../ml/augment/training-hook.ts';
import { fastestScorer } from '../../export/onnx-inference.ts';
import { scoreThenRelease } from '../../ml/eval/evaluate.ts';
import { classificationReport } from '../../ml/eval/metrics.ts';
import { reportMetrics } from '../../ml/eval/report-metrics.ts';
import { buildModel, getArchitecture, trainingRecipe } from '../../ml/models/registry.ts';
import type { ModelSpec } from '../../ml/models/spec.ts';
import { countMacs, parameterCounts } from '../../ml/models/complexity.ts';
import { serializeModelWeights } from '../../ml/persist/weights.ts';
import { resolveTrainConfig } from '../../ml/train/config.ts';
import { storeSource } from '../../ml/train/data.ts';
import { defaultTrainingThreads } from '../../ml/train/data-parallel.ts';
import { describeSubset, resolveSubset, subsetFilter } from '../../ml/train/subset.ts';
import { trainModel, type TrainState } from '../../ml/train/trainer.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';

const scheduleSchema = z.union([
  z.object({ kind: z.literal('constant') }),
  z.object({ kind: z.literal('step'), everyEpochs: z.number().int().positive(), gamma: z.number().positive() }),
  z.object({ kind: z.literal('cosine'), minLr: z.number().nonnegative().optional() }),
]);

export const trainJobSchema = z.object({
  datasetId: z.number().int(),
  name: z.string().optional(),
  model: z.object({
    arch: z.string(),
    options: z.record(z.string(), z.unknown()).optional(),
    widths: z.record(z.string(), z.number().int().positive()).optional(),
    keepUnits: z.array(z.string()).optional(),
  }),
  train: z
    .object({
      epochs: z.number().int().positive(),
      batchSize: z.number().int().positive(),
      seed: z.number().int(),
      optimizer: z.enum(['adam', 'sgd']),
      learningRate: z.number().positive(),
      momentum: z.number().min(0).max(1),
      schedule: scheduleSchema,
      earlyStopping: z.object({ patience: z.number().int().positive(), minDelta: z.number().nonnegative() }).nullable(),
      /** compute threads; every core of the machine (up to 8) when absent */
      threads: z.number().int().positive(),
    })
    .partial(),
  /** (re)assign the dataset's train/val/test split; when absent an existing split is kept */
  split: z.object({ train: z.number(), val: z.number(), test: z.number(), seed: z.number().int() }).optional(),
  /** online augmentation of the training batches (shared/augment.ts) */
  augment: augmentSpecSchema.optional(),
  /**
   * train on part of the dataset: the SNR range and classes apply to every split, the per-cell
   * cap (at most perCell signals per class × SNR, drawn with seed) to the training split only
   */
  subset: z
    .object({
      snrMin: z.number().optional(),
      snrMax: z.number().optional(),
      classes: z.array(z.number().int().nonnegative()).min(1).optional(),
      perCell: z.number().int().positive().optional(),
      seed: z.number().int().optional(),
    })
    .optional(),
});

export type TrainJobConfig = z.infer<typeof trainJobSchema>;

/** Refuses, before a job is recorded, what the job would refuse at its start. */
export function checkTrainJob(store: ProjectStore, raw: Record<string, unknown>): void {
  const cfg = parseJobConfig(trainJobSchema, raw, 'train');
  getArchitecture(cfg.model.arch);
  resolveTrainConfig({ threads: 1, ...trainingRecipe(cfg.model.arch), ...cfg.train });
  const dataset = store.getDataset(cfg.datasetId);
  if (dataset.classes.length < 2) throw new AppError('VALIDATION', `dataset ${dataset.id} ("${dataset.name}") has ${dataset.classes.length} class${dataset.classes.length === 1 ? '' : 'es'}; a classifier needs at least 2`);
}

export async function runTrainJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(trainJobSchema, raw, 'train');
  const { store } = ctx;
  const train = resolveTrainConfig({ threads: defaultTrainingThreads(), ...trainingRecipe(cfg.model.arch), ...cfg.train });
  const dataset = store.getDataset(cfg.datasetId);
  if (cfg.split || !dataset.split) {
    const split = cfg.split ?? { train: 0.7, val: 0.15, test: 0.15, seed: train.seed };
    const counts = store.assignSplits(dataset.id, split);
    ctx.log(`split dataset ${dataset.id}: ${counts.train} train, ${counts.val} val, ${counts.test} test (seed ${split.seed})`);
  }
  const spec: ModelSpec = { ...cfg.model, numClasses: dataset.classes.length, length: dataset.length };
  const subset = cfg.subset ? resolveSubset(cfg.subset, dataset.classes, train.seed) : null;
  const selection = subset ? subsetFilter(dataset.id, subset) : { datasetId: dataset.id };
  const model = buildModel(spec, { seed: train.seed });
  try {
    const trainData = storeSource(store, { ...selection, split: 'train', ...(subset?.perCell ? { perCell: { max: subset.perCell, seed: subset.seed } } : {}) });
    const valData = storeSource(store, { ...selection, split: 'val' });
    const testData = storeSource(store, { ...selection, split: 'test' });
    if (subset) ctx.log(`training on ${describeSubset(subset, dataset.classes)}`);
    const augmentation = cfg.augment ? trainingAugmentation(cfg.augment, trainData, train.seed) : null;
    if (augmentation) ctx.log(`augmenting online: ${describeAugment(cfg.augment!)}; ${augmentation.record.bankSignals} of ${augmentation.record.trainingSignals} training signals held as partners (energy convention ${augmentation.record.convention})`);
    const checkpoint = store.findCheckpoint(ctx.jobId);
    let resume: TrainState | undefined;
    if (checkpoint && checkpoint.optimizer) {
      resume = { ...(checkpoint.state as unknown as Omit<TrainState, 'weights' | 'bestWeights' | 'optimizer'>), weights: checkpoint.weights, bestWeights: checkpoint.bestWeights, optimizer: checkpoint.optimizer };
      ctx.log(`resuming from the checkpoint after epoch ${checkpoint.epoch}`);
    }
    ctx.log(`training ${spec.arch} on ${trainData.count} samples (${valData.count} val), seed ${train.seed}, up to ${train.threads} threads`);
    const result = await trainModel(model, { train: trainData, val: valData }, train, {
      spec,
      ...(augmentation ? { augment: augmentation.augment } : {}),
      signal: ctx.signal,
      resume,
      onProgress: (p) =>
        ctx.progress('train', p.epoch * p.batches + p.batch, p.epochs * p.batches, {
          epoch: p.epoch + 1, batch: p.batch, loss: p.loss, accuracy: p.accuracy, samplesPerSecond: p.samplesPerSecond, etaSeconds: p.etaSeconds,
        }),
      onEpochEnd: (s) => {
        const { weights, bestWeights, optimizer, ...state } = s;
        store.saveCheckpoint({ jobId: ctx.jobId, epoch: s.epochsDone, state: { ...state }, weights, bestWeights, optimizer });
        const last = s.history[s.history.length - 1]!;
        ctx.log(`epoch ${s.epochsDone}: loss ${last.loss.toFixed(4)} acc ${last.accuracy.toFixed(4)} val loss ${last.valLoss?.toFixed(4) ?? '-'} val acc ${last.valAccuracy?.toFixed(4) ?? '-'}`);
      },
    });
    const scored = testData.count > 0 ? testData : valData;
    ctx.progress('evaluate', 0, scored.count);
    // on the threads the training had, as its validation did
    const scorer = await fastestScorer(model, dataset.classes, ctx.log, result.threads);
    const predictions = await scoreThenRelease(scorer, scored, train.batchSize, (done) => ctx.progress('evaluate', done, scored.count));
    const report = classificationReport(predictions.labels, predictions.predicted, predictions.snr, dataset.classes);
    ctx.progress('evaluate', report.count, report.count, { accuracy: report.accuracy });
    const { trainable: params, total: totalParams } = parameterCounts(model);
    const macs = countMacs(model);
    const saved = store.saveModel({
      name: cfg.name ?? `${spec.arch} on ${dataset.name}`,
      architecture: spec.arch,
      spec: { ...spec },
      weights: serializeModelWeights(model),
      metrics: { accuracy: report.accuracy, evaluatedOn: testData.count > 0 ? 'test' : 'val', engine: scorer.engine, params, totalParams, macs, bestEpoch: result.bestEpoch, bestValLoss: result.bestValLoss },
      datasetId: dataset.id,
      datasetHash: dataset.sourceHash,
      operation: 'train',
      config: {
        train: { ...train, threads: result.threads }, seed: result.seed, split: store.getDataset(dataset.id).split ?? null, stoppedEarly: result.stoppedEarly,
        classes: dataset.classes,
        subset: subset ? { ...subset, trainSignals: trainData.count, valSignals: valData.count, testSignals: testData.count } : null,
        augment: cfg.augment && augmentation ? { spec: cfg.augment, method: describeAugment(cfg.augment), ...augmentation.record, ...epochTally(augmentation.tally, result.history.length) } : null,
      },
      jobId: ctx.jobId,
    });
    store.saveMetrics([
      ...result.history.map((h) => ({ modelId: saved.id, jobId: ctx.jobId, kind: 'epoch', step: h.epoch, value: h })),
      ...reportMetrics(report, saved.id, ctx.jobId),
    ]);
    store.deleteCheckpoint(ctx.jobId);
    return { modelId: saved.id, name: saved.name, accuracy: report.accuracy, seed: result.seed, epochs: result.history.length, bestEpoch: result.bestEpoch, samplesPerSecond: result.samplesPerSecond, threads: result.threads, params, totalParams, macs };
  } finally {
    model.dispose();
  }
}
