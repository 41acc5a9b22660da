// What an evaluation will score, decided before any work: the model's class names, how the
// dataset's classes map onto them, which samples, and whether any of them were part of the
// model's training data (refused unless asked for, and then labelled so).
import { defaultClassMapping, type ClassMapping } from '../../../../shared/class-mapping.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { EvaluationSplit } from '../../store/evaluations.ts';
import type { ModelSummary } from '../../store/models.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { DatasetInfo, SplitConfig } from '../../store/types.ts';

export interface EvaluationRequest {
  modelId: number;
  /** default: the dataset the model was trained on */
  datasetId?: number;
  /** default: 'test' on the model's own data, every sample of other data */
  split?: EvaluationSplit;
  /** overrides of the name-matched mapping: dataset class → model class, null to leave it out */
  classMap?: ClassMapping;
  /** score samples the model was trained on (the record says so) */
  includeTrainingSamples?: boolean;
}

export interface EvaluationPlan {
  model: ModelSummary;
  dataset: DatasetInfo;
  split: EvaluationSplit;
  modelClasses: string[];
  /** every dataset class → model class or null */
  mapping: ClassMapping;
  /** model class index per dataset class index, -1 where left out */
  labelMap: Int32Array;
  /** dataset class indexes whose samples are scored */
  scoredClasses: number[];
  includesTraining: boolean;
}

/** The model, its parent, its parent's parent … */
function ancestors(store: ProjectStore, model: ModelSummary): ModelSummary[] {
  const byId = new Map(store.listModels().map((m) => [m.id, m]));
  const chain: ModelSummary[] = [];
  const seen = new Set<number>();
  for (let m: ModelSummary | undefined = model; m && !seen.has(m.id); m = m.parentId === null ? undefined : byId.get(m.parentId)) {
    seen.add(m.id);
    chain.push(m);
  }
  return chain;
}

/** The class names a model predicts, in output order: recorded at training, else its dataset's. */
export function modelClassNames(store: ProjectStore, model: ModelSummary): string[] {
  const numClasses = (model.spec as { numClasses?: number }).numClasses;
  for (const m of ancestors(store, model)) {
    const recorded = m.config['classes'];
    if (Array.isArray(recorded) && recorded.length === numClasses) return recorded.map(String);
  }
  if (model.datasetId !== null) {
    const trainedOn = store.listDatasets().find((d) => d.id === model.datasetId);
    if (trainedOn && trainedOn.classes.length === numClasses) return trainedOn.classes;
  }
  throw new AppError('VALIDATION', `model ${model.id} does not record its class names and its training dataset is gone; it cannot be evaluated by class name`);
}

/** The train/val/test split the model's training used, from it or the model it was cut from. */
function trainingSplit(store: ProjectStore, model: ModelSummary): SplitConfig | null {
  for (const m of ancestors(store, model)) {
    const s = m.config['split'] as SplitConfig | null | undefined;
    if (s && typeof s === 'object') return s;
  }
  return null;
}

function sameSplit(a: SplitConfig | null | undefined, b: SplitConfig | null): boolean {
  return !!a && !!b && a.train === b.train && a.val === b.val && a.test === b.test && a.seed === b.seed;
}

/** Why `dataset` holds the model's training data, or null when it does not. */
function sameDataReason(store: ProjectStore, model: ModelSummary, dataset: DatasetInfo): string | null {
  if (dataset.id === model.datasetId) return 'it is the dataset the model was trained on';
  if (model.datasetHash !== null && dataset.sourceHash === model.datasetHash) return 'it was imported from the same bytes as the model\'s training data';
  const trainedOn = model.datasetId === null ? undefined : store.listDatasets().find((d) => d.id === model.datasetId);
  if (trainedOn?.contentHash && trainedOn.contentHash === dataset.contentHash) return 'its decoded samples are those of the model\'s training data';
  return null;
}

function completeMapping(dataset: DatasetInfo, modelClasses: string[], overrides: ClassMapping | undefined): ClassMapping {
  const mapping = defaultClassMapping(dataset.classes, modelClasses);
  for (const [from, to] of Object.entries(overrides ?? {})) {
    if (!dataset.classes.includes(from)) {
      throw new AppError('VALIDATION', `class mapping: dataset ${dataset.id} has no class '${from}' (it has ${dataset.classes.join(', ')})`);
    }
    if (to !== null && !modelClasses.includes(to)) {
      throw new AppError('VALIDATION', `class mapping: the model has no class '${to}' (it predicts ${modelClasses.join(', ')})`);
    }
    mapping[from] = to;
  }
  return mapping;
}

export function planEvaluation(store: ProjectStore, req: EvaluationRequest): EvaluationPlan {
  const model = store.getModel(req.modelId);
  const datasetId = req.datasetId ?? model.datasetId;
  if (datasetId === null) throw new AppError('VALIDATION', `model ${model.id} has no training dataset; choose a dataset to evaluate on`);
  const dataset = store.getDataset(datasetId);
  const length = (model.spec as { length?: number }).length;
  if (dataset.length !== length) {
    throw new AppError('VALIDATION', `dataset ${dataset.id} has vectors of length ${dataset.length}; model ${model.id} takes ${length}`);
  }
  const modelClasses = modelClassNames(store, model);
  const mapping = completeMapping(dataset, modelClasses, req.classMap);
  const labelMap = Int32Array.from(dataset.classes, (c) => (mapping[c] == null ? -1 : modelClasses.indexOf(mapping[c]!)));
  const scoredClasses = dataset.classes.flatMap((_, k) => (labelMap[k]! >= 0 ? [k] : []));
  if (scoredClasses.length === 0) {
    throw new AppError(
      'VALIDATION',
      `no class of dataset ${dataset.id} (${dataset.classes.join(', ')}) maps to a class of model ${model.id} (${modelClasses.join(', ')}); map them by name`,
    );
  }

  const reason = sameDataReason(store, model, dataset);
  const ownSplit = reason !== null && sameSplit(dataset.split, trainingSplit(store, model));
  const split = req.split ?? (reason === null ? 'all' : 'test');
  const includesTraining = reason !== null && (!ownSplit || split === 'train' || split === 'all');
  if (includesTraining && !req.includeTrainingSamples) {
    const which = ownSplit
      ? `its ${split === 'all' ? 'samples include the' : 'train split is the'} model's training samples`
      : `its splits are not the ones model ${model.id} was trained with, so any of its samples may have been trained on`;
    throw new AppError(
      'VALIDATION',
      `dataset ${dataset.id} ("${dataset.name}") holds model ${model.id}'s training data (${reason}): ${which}. ` +
        `Evaluate on the test split of the model's own dataset, or ask to include training samples (the evaluation is then labelled so)`,
    );
  }
  if (split !== 'all' && !dataset.split) {
    throw new AppError('VALIDATION', `dataset ${dataset.id} has no ${split} split; evaluate on all of it`);
  }
  return { model, dataset, split, modelClasses, mapping, labelMap, scoredClasses, includesTraining };
}
