// Evaluating a model on any dataset from the workbench: a preview of what would be scored (the
// name-matched class mapping the user edits, sample counts, whether training samples are in it
// and why it would be refused), and the evaluate job.
import { defaultClassMapping, type ClassMapping } from '../../../../shared/class-mapping.ts';
import type { ChannelArg } from '../../../../shared/contract.ts';
import type { EvaluationPreview } from '../../../../shared/dto.ts';
import { toErrorData } from '../../../../shared/errors.ts';
import type { Engine } from '../../engine.ts';
import { modelClassNames, planEvaluation } from '../../ml/eval/evaluation-plan.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { Split } from '../../store/types.ts';
import type { Handler } from '../dispatch.ts';

function classCounts(store: ProjectStore, datasetId: number, classes: readonly string[], split: string): number[] {
  return classes.map((_, k) => store.pageSamples({ datasetId, classes: [k], ...(split === 'all' ? {} : { split: split as Split }) }, { offset: 0, limit: 0 }).total);
}

export function previewEvaluation(store: ProjectStore, arg: ChannelArg<'previewEvaluation'>): EvaluationPreview {
  const dataset = store.getDataset(arg.datasetId);
  const model = store.getModel(arg.modelId);
  let modelClasses: string[] = [];
  let mapping: ClassMapping = Object.fromEntries(dataset.classes.map((c) => [c, null]));
  let split = arg.split ?? 'all';
  let includesTraining = false;
  let problem: string | null = null;
  try {
    modelClasses = modelClassNames(store, model);
    mapping = { ...defaultClassMapping(dataset.classes, modelClasses), ...(arg.classMap ?? {}) };
    const plan = planEvaluation(store, arg);
    ({ mapping, split, includesTraining } = plan);
  } catch (err) {
    problem = toErrorData(err).message;
  }
  const datasetCounts = classCounts(store, dataset.id, dataset.classes, split);
  const samples = dataset.classes.reduce((n, c, k) => n + (mapping[c] ? datasetCounts[k]! : 0), 0);
  return { modelClasses, datasetClasses: dataset.classes, datasetCounts, mapping, split, includesTraining, samples, problem };
}

export const evaluationHandlers: {
  previewEvaluation: Handler<Engine, 'previewEvaluation'>;
  startEvaluation: Handler<Engine, 'startEvaluation'>;
} = {
  previewEvaluation: async (engine, arg) => previewEvaluation(engine.store, arg),
  startEvaluation: async (engine, arg) => ({ jobId: await engine.jobs.submit('evaluate', { ...arg }) }),
};
