// The 'prune-analysis' job: what the Pruning page shows before anything is cut — a score per
// removable unit under one selection metric, the similarity (CKA) of the units' outputs, and
// Fisher's segmentation of that matrix for every block count K, with the elbow K.
import { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import type { PruneAnalysis } from '../../../../shared/dto.ts';
import type { JobContext } from '../../jobs/context.ts';
import type { RemovableUnit, ModelSpec } from '../models/spec.ts';
import { loadStoredModel } from '../persist/stored-model.ts';
import type { tfl } from '../tfjs.ts';
import { storeSource, type DataSource } from '../train/data.ts';
import { parseJobConfig } from '../train/train-job.ts';
import { unitOutputs } from './blockwise.ts';
import { fisherSegmentation, segmentationElbow } from './fisher-segmentation.ts';
import { scoreUnits } from './score-units.ts';
import { selectionMetrics } from './selection.ts';
import { similarityMatrix } from './similarity.ts';
import { presentUnits } from './surgery.ts';

export const analysisJobSchema = z.object({
  modelId: z.number().int(),
  metric: z.enum(selectionMetrics),
  seed: z.number().int().default(0),
  /** samples whose unit outputs the similarity matrix compares */
  calibrationSamples: z.number().int().min(2).default(256),
});

export interface AnalysisData {
  calibration: DataSource;
  val: DataSource;
}

function unitParams(model: tfl.LayersModel, unit: RemovableUnit): number {
  let n = 0;
  for (const name of unit.layers) for (const w of model.getLayer(name).trainableWeights) n += w.shape.reduce<number>((p, d) => p * (d ?? 1), 1);
  return n;
}

/** Scores, similarity and segmentations of a loaded model; the caller keeps ownership of it. */
export function analysePruning(
  model: tfl.LayersModel,
  spec: ModelSpec,
  data: AnalysisData,
  opts: { modelId: number; metric: z.infer<typeof analysisJobSchema>['metric']; seed: number; calibrationSamples: number },
): PruneAnalysis {
  const units = presentUnits(spec);
  if (units.length === 0) throw new AppError('UNSUPPORTED', `model ${opts.modelId} (${spec.arch}) declares no removable units; only channel pruning applies`);
  const scores = scoreUnits(opts.metric, model, spec, { calibration: data.calibration, val: data.val, seed: opts.seed });
  const outputs = unitOutputs(model, units, data.calibration, opts.calibrationSamples);
  const similarity = similarityMatrix(outputs, 'cka');
  const { costs, elbow } = segmentationElbow(similarity, units.length);
  const segmentations = costs.map((cost, k) => ({ blocks: k + 1, starts: fisherSegmentation(similarity, k + 1).starts, cost }));
  return {
    modelId: opts.modelId,
    metric: opts.metric,
    units: units.map((u) => ({ unit: u.id, score: scores.get(u.id) ?? 0, params: unitParams(model, u) })),
    similarity,
    segmentations,
    elbow,
    calibrationSamples: outputs[0]!.n,
  };
}

export async function runPruneAnalysisJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(analysisJobSchema, raw, 'prune-analysis');
  const { model, spec, record } = loadStoredModel(ctx.store, cfg.modelId);
  try {
    if (record.datasetId === null) throw new AppError('VALIDATION', `model ${record.id} has no training dataset to measure unit outputs on`);
    const dataset = ctx.store.getDataset(record.datasetId);
    if (!dataset.split) throw new AppError('VALIDATION', `dataset ${dataset.id} has no train/val/test split; train a model on it first`);
    const val = storeSource(ctx.store, { datasetId: dataset.id, split: 'val' });
    if (val.count < 2) throw new AppError('VALIDATION', `dataset ${dataset.id}: the analysis needs at least 2 validation samples, found ${val.count}`);
    ctx.progress('analyse', 0, 1);
    const analysis = analysePruning(model, spec, { calibration: val, val }, { ...cfg, modelId: record.id });
    ctx.progress('analyse', 1, 1);
    ctx.log(`${cfg.metric}: scored ${analysis.units.length} units; elbow at K = ${analysis.elbow}`);
    return { ...analysis };
  } finally {
    model.dispose();
  }
}
