// The 'prune-study' job: every method × recovery × ratio cut from one stored model, fine-tuned
// and measured; the whole comparison table is the job's result.
import { z } from 'zod';
import { loadStoredModel } from '../../ml/persist/stored-model.ts';
import { pruneMethods } from '../../ml/prune/cut.ts';
import { pruningSplits, trainingLearningRate } from '../../ml/prune/pruning-data.ts';
import { runPruningStudy } from '../../ml/prune/study.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';
import { pruningOptions, recoverySchema, storedWeights } from './prune.ts';

export const studyJobSchema = z.object({
  ...pruningOptions,
  methods: z.array(z.enum(pruneMethods)).min(1).default([...pruneMethods]),
  recoveries: z.array(recoverySchema).min(1).default(['none', 'partial-3', 'full', 'lora']),
  ratios: z.array(z.number().min(0).lt(1)).min(1).default([0.25]),
  /** cut block-wise and channel pruning to reverse-order's size */
  matchParams: z.boolean().default(true),
  /** run only these cells of the table (studyCells order; 0 = the baseline), e.g. one per cluster task */
  cells: z.array(z.number().int().nonnegative()).min(1).optional(),
});

export function checkPruneStudyJob(store: ProjectStore, raw: Record<string, unknown>): void {
  storedWeights(store, parseJobConfig(studyJobSchema, raw, 'prune-study').modelId);
}

export async function runPruneStudyJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(studyJobSchema, raw, 'prune-study');
  const { store } = ctx;
  const { model: parent, spec, record } = loadStoredModel(store, cfg.modelId);
  try {
    const data = pruningSplits(store, record.id, record.datasetId);
    const rows = await runPruningStudy(parent, spec, { ...data, calibration: data.val }, { ...cfg, trainingLearningRate: trainingLearningRate(record.config) }, {
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
