// What the Pruning page shows before anything is cut: a score per removable unit under one
// selection metric, the similarity (CKA) of the units' outputs, and Fisher's segmentation of that
// matrix for every block count K, with the elbow K.
import { AppError } from '../../../../shared/errors.ts';
import type { PruneAnalysis } from '../../../../shared/dto.ts';
import type { ModelSpec, RemovableUnit } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';
import type { DataSource } from '../train/data.ts';
import { unitOutputs } from './blockwise.ts';
import { fisherSegmentation, segmentationElbow } from './fisher-segmentation.ts';
import { scoreUnits } from './score-units.ts';
import type { SelectionMetric } from './selection.ts';
import { similarityMatrix } from './similarity.ts';
import { presentUnits } from './surgery.ts';

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
  opts: { modelId: number; metric: SelectionMetric; seed: number; calibrationSamples: number },
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
