// A pruning study as a bundle: one task per cell of the table (the baseline, then each method ×
// recovery × ratio), and one project job whose result gathers the rows in table order.
import { AppError } from '../../../../shared/errors.ts';
import { studyJobSchema } from '../../jobs/kinds/prune-study.ts';
import { parseJobConfig } from '../../jobs/job-config.ts';
import { studyCells } from '../../ml/prune/study.ts';
import type { BundleKind } from '../bundle-kind.ts';

interface StudyResult {
  parentId: number;
  spec: Record<string, unknown>;
  config: Record<string, unknown>;
  rows: Record<string, unknown>[];
  /** the cell of each row */
  cells: number[];
}

export const studyBundle: BundleKind = {
  plan(store, raw) {
    const cfg = parseJobConfig(studyJobSchema, raw, 'prune-study');
    if (cfg.cells) throw new AppError('VALIDATION', 'a study sent to a cluster runs every cell of its table: leave out cells');
    const model = store.getModel(cfg.modelId);
    if (model.weightsBytes === 0) throw new AppError('VALIDATION', `model ${model.id} (“${model.name}”) has no weights stored`);
    if (model.datasetId === null) throw new AppError('VALIDATION', `model ${model.id} (“${model.name}”) records no dataset to fine-tune and evaluate on`);
    const dataset = store.getDataset(model.datasetId);
    if (!dataset.split) throw new AppError('VALIDATION', `dataset ${dataset.id} has no train/val/test split; train a model on it first`);
    const tasks = studyCells(cfg).map((_, cell) => ({ kind: 'prune-study', config: { ...cfg, cells: [cell] }, seed: cfg.seed }));
    return {
      tasks,
      inputs: { datasets: [dataset.id], models: [model.id] },
      projectJobs: { kind: 'aggregate', job: { kind: 'prune-study', config: { ...cfg }, seed: cfg.seed } },
    };
  },

  merge({ store, transfer, clusterJob, task, taskJobId }) {
    const taskJob = transfer.sourceJob(taskJobId);
    const part = taskJob.result as { parentId: number; spec: Record<string, unknown>; config: { cells?: number[] }; rows: Record<string, unknown>[] };
    const cells = part.config.cells ?? [];
    if (cells.length !== part.rows.length || cells[0] !== task) {
      throw new AppError('BAD_FILE', `task ${task}: its result holds cells [${cells.join(', ')}] and ${part.rows.length} rows, expected cell ${task}`);
    }
    if (clusterJob.jobId === null) throw new AppError('NOT_FOUND', `cluster job ${clusterJob.id}: the study's project job was deleted`);
    const job = store.getJob(clusterJob.jobId);
    const sofar = (job.result as StudyResult | null) ?? { parentId: part.parentId, spec: part.spec, config: job.config, rows: [], cells: [] };
    const merged = [...sofar.cells.map((c, i) => ({ cell: c, row: sofar.rows[i]! })), { cell: task, row: part.rows[0]! }].sort((a, b) => a.cell - b.cell);
    const result: StudyResult = { ...sofar, rows: merged.map((m) => m.row), cells: merged.map((m) => m.cell) };
    const complete = merged.length === clusterJob.taskCount;
    store.updateJob(job.id, {
      result,
      done: merged.length,
      total: clusterJob.taskCount,
      ...(complete ? { status: 'done' as const, phase: 'done' } : {}),
      appendLog: `${new Date().toISOString()} merged cell ${task} from the cluster\n`,
    });
    return `cell ${task}: ${String(part.rows[0]!['method'])} + ${String(part.rows[0]!['recovery'])}`;
  },
};
