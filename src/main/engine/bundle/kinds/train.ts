// Training as a bundle: one task per seed, each a training job of its own; its model, epoch
// history and evaluation are merged under the project job that stood for the task.
import { AppError } from '../../../../shared/errors.ts';
import { trainJobSchema } from '../../jobs/kinds/train.ts';
import { parseJobConfig } from '../../jobs/job-config.ts';
import type { BundleKind } from '../bundle-kind.ts';
import { standInJob } from './per-task-job.ts';

export const trainBundle: BundleKind = {
  plan(store, raw, options) {
    const cfg = parseJobConfig(trainJobSchema, raw, 'train');
    const dataset = store.getDataset(cfg.datasetId);
    // The job's first step, taken here so every task trains on the split the project records.
    if (cfg.split || !dataset.split) store.assignSplits(dataset.id, cfg.split ?? { train: 0.7, val: 0.15, test: 0.15, seed: cfg.train.seed ?? 0 });
    const seeds = options.seeds ?? [cfg.train.seed ?? 0];
    if (seeds.length === 0) throw new AppError('VALIDATION', 'a training bundle needs at least one seed');
    const { split: _split, ...rest } = cfg;
    const tasks = seeds.map((seed) => ({
      kind: 'train',
      // the thread count is part of the recipe: pinned, so a task trains as it would here
      config: { ...rest, train: { ...cfg.train, seed, threads: cfg.train.threads ?? options.threads } },
      seed,
    }));
    return { tasks, inputs: { datasets: [dataset.id], models: [] }, projectJobs: { kind: 'per-task' } };
  },

  merge(ctx) {
    const { store, transfer, task } = ctx;
    const { projectJobId, taskJob } = standInJob(ctx);
    transfer.copyModels(transfer.sourceIds('models'));
    transfer.copyMetrics(transfer.sourceIds('metrics'));
    const result = taskJob.result as Record<string, unknown>;
    const modelId = transfer.mapped('model', Number(result['modelId']));
    if (modelId === undefined) throw new AppError('BAD_FILE', `task ${task}: its result names model ${String(result['modelId'])}, which the result file does not hold`);
    store.updateJob(projectJobId, { status: 'done', phase: 'done', done: 1, total: 1, result: { ...result, modelId }, appendLog: taskJob.log });
    return `model ${modelId} (accuracy ${Number(result['accuracy']).toFixed(4)})`;
  },
};
