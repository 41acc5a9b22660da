// The 'distill-eval' job: the evaluation protocol of dataset distillation on a stored set —
// N fresh networks per architecture trained on it alone, tested on the real test split of the
// dataset it came from — with mean ± std overall and per SNR saved as 'distill-eval' metrics in
// one transaction. Given a real dataset, it trains on that dataset's whole train split: the
// upper bound of the same recipe.
import { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import { DISTILL_EVAL_METRIC } from '../../../../shared/distillation.ts';
import { CONVNET_EMBEDDER } from '../../ml/distill/config.ts';
import { evaluateOnArchitectures, resolveEvaluationRecipe, type EvaluationArch } from '../../ml/distill/evaluate-distilled.ts';
import { signalScale } from '../../ml/distill/signal-scale.ts';
import { lineageOf } from '../../ml/distill/stored-sets.ts';
import { getArchitecture } from '../../ml/models/registry.ts';
import { arraySource, storeSource } from '../../ml/train/data.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';

export const distillEvalJobSchema = z.object({
  datasetId: z.number().int(),
  models: z.array(z.string().min(1)).min(1).max(16),
  runs: z.number().int().min(1).max(100).optional(),
  epochs: z.number().int().min(1).optional(),
  batchSize: z.number().int().min(1).optional(),
  learningRate: z.number().positive().optional(),
  momentum: z.number().min(0).lt(1).optional(),
  /** Adam's rate for the recurrent evaluators (LSTM2, GRU2) */
  recurrentLearningRate: z.number().positive().optional(),
  /** 'iq': each training signal randomly phase-rotated, shifted and scaled per batch */
  augment: z.enum(['none', 'iq']).optional(),
  seed: z.number().int().default(0),
  /** the dataset whose test split scores the networks; default the distilled set's source */
  testDatasetId: z.number().int().optional(),
});

export async function runDistillEvalJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(distillEvalJobSchema, raw, 'distill-eval');
  const { store } = ctx;
  const trainSet = store.getDataset(cfg.datasetId);
  const lineage = lineageOf(trainSet);
  const testSet = store.getDataset(cfg.testDatasetId ?? lineage?.sourceDatasetId ?? trainSet.id);
  if (!testSet.split) throw new AppError('VALIDATION', `dataset ${testSet.id} (“${testSet.name}”) has no split, so no test split to evaluate on; distil or train on it first`);
  if (testSet.length !== trainSet.length || testSet.classes.join('\u0000') !== trainSet.classes.join('\u0000')) {
    throw new AppError('VALIDATION', `dataset ${trainSet.id} and the test dataset ${testSet.id} differ in signal length or classes`);
  }
  for (const arch of cfg.models) getArchitecture(arch);
  // a distilled set trains whole; a real one on its train split (the upper bound)
  const loaded = store.loadSamples(lineage ? { datasetId: trainSet.id } : { datasetId: trainSet.id, split: 'train' });
  if (loaded.count === 0) throw new AppError('VALIDATION', `dataset ${trainSet.id} (“${trainSet.name}”) has no samples to train on`);
  const train = arraySource(loaded.x, loaded.y, trainSet.length, loaded.snr);
  const test = storeSource(store, { datasetId: testSet.id, split: 'test' });
  const recipe = resolveEvaluationRecipe({
    seed: cfg.seed,
    ...Object.fromEntries((['runs', 'epochs', 'batchSize', 'learningRate', 'momentum', 'augment', 'recurrentLearningRate'] as const).filter((k) => cfg[k] !== undefined).map((k) => [k, cfg[k]])),
  });
  const embedder = lineage?.config.embedder;
  // "the distillation ConvNet" is the one the set was distilled with
  const archs: EvaluationArch[] = cfg.models.map((arch) =>
    arch === CONVNET_EMBEDDER && embedder?.arch === CONVNET_EMBEDDER ? { arch, options: { width: embedder.width, depth: embedder.depth } } : { arch },
  );
  const scale = lineage?.scale ?? signalScale(loaded.x);
  const total = archs.length * recipe.runs;
  let done = 0;
  ctx.log(`evaluating “${trainSet.name}” (${loaded.count} signals) on ${test.count} test signals of “${testSet.name}”: ${cfg.models.join(', ')} × ${recipe.runs} runs, ${recipe.epochs} epochs`);
  ctx.progress('evaluate', 0, total);
  const scores = await evaluateOnArchitectures(train, test, trainSet.classes, archs, recipe, scale, {
    signal: ctx.signal,
    onRun: (arch, run, s) => {
      done++;
      ctx.progress('evaluate', done, total, { accuracy: s.accuracy });
      ctx.log(`${arch} run ${run + 1}: accuracy ${s.accuracy.toFixed(4)} (${s.seconds.toFixed(1)} s)`);
    },
  });
  store.saveMetrics(
    scores.map((s) => ({
      jobId: ctx.jobId,
      kind: DISTILL_EVAL_METRIC,
      value: { datasetId: trainSet.id, testDatasetId: testSet.id, trainCount: loaded.count, recipe, ...s },
    })),
  );
  return {
    datasetId: trainSet.id,
    testDatasetId: testSet.id,
    scores: scores.map((s) => ({ arch: s.arch, optimizer: s.optimizer, learningRate: s.learningRate, mean: s.mean, std: s.std, runs: s.runs.map((r) => r.accuracy), perSnr: s.perSnr })),
  };
}
