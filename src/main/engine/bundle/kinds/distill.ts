// Distillation as a bundle: one task per seed, each a distill job of its own; its distilled set
// is merged under the project job that stood for the task, its lineage naming that job.
import { AppError } from '../../../../shared/errors.ts';
import { DEFAULT_SPLIT, distillJobSchema } from '../../jobs/kinds/distill.ts';
import { parseJobConfig } from '../../jobs/job-config.ts';
import { lineageOf } from '../../ml/distill/stored-sets.ts';
import type { BundleKind } from '../bundle-kind.ts';
import { standInJob } from './per-task-job.ts';

export const distillBundle: BundleKind = {
  plan(store, raw, options) {
    const cfg = parseJobConfig(distillJobSchema, raw, 'distill');
    const source = store.getDataset(cfg.datasetId);
    if (source.kind === 'distilled') throw new AppError('VALIDATION', `dataset ${source.id} (“${source.name}”) is itself distilled; distil the real dataset it came from`);
    // The job's first step, taken here so every task distils the train split the project records.
    if (cfg.split || !source.split) store.assignSplits(source.id, cfg.split ?? DEFAULT_SPLIT);
    const seeds = options.seeds ?? [cfg.seed];
    if (seeds.length === 0) throw new AppError('VALIDATION', 'a distillation bundle needs at least one seed');
    const { split: _split, ...rest } = cfg;
    const tasks = seeds.map((seed) => ({ kind: 'distill', config: { ...rest, seed }, seed }));
    return { tasks, inputs: { datasets: [source.id], models: [] }, projectJobs: { kind: 'per-task' } };
  },

  merge(ctx) {
    const { store, transfer, task } = ctx;
    const { projectJobId, taskJob } = standInJob(ctx);
    transfer.copyDatasets(transfer.sourceIds('datasets'));
    const result = taskJob.result as Record<string, unknown>;
    const datasetId = transfer.mapped('dataset', Number(result['datasetId']));
    if (datasetId === undefined) throw new AppError('BAD_FILE', `task ${task}: its result names dataset ${String(result['datasetId'])}, which the result file does not hold`);
    const info = store.getDataset(datasetId);
    const lineage = lineageOf(info);
    if (!lineage) throw new AppError('BAD_FILE', `task ${task}: dataset ${String(result['datasetId'])} of its result is not a distilled set`);
    store.setDatasetParams(datasetId, { ...info.params, lineage: { ...lineage, jobId: projectJobId } });
    store.updateJob(projectJobId, { status: 'done', phase: 'done', done: 1, total: 1, result: { ...result, datasetId }, appendLog: taskJob.log });
    return `dataset ${datasetId} (“${info.name}”, ${info.count} signals)`;
  },
};
