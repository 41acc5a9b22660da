// Trained models for the Models page: their summaries (unique names, the dataset, epochs,
// trainable and total parameters, the test accuracy their own job measured) and that headline
// evaluation.
import type { ModelSummary } from '../../../../shared/dto.ts';
import type { Engine } from '../../engine.ts';
import { headlineAccuracy, headlineEvaluation } from '../../ml/eval/stored-evaluation.ts';
import type { ModelSummary as StoredModel } from '../../store/models.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { Handler } from '../dispatch.ts';

function numberAt(record: Record<string, unknown>, ...keys: string[]): number | null {
  for (const k of keys) {
    const v = record[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

/** Epochs the model's own job trained for: its history when stored, else its recipe. */
function epochsOf(store: ProjectStore, m: StoredModel): number | null {
  const history = store.listMetrics({ modelId: m.id, kind: 'epoch' }).filter((r) => r.jobId === m.jobId).length;
  if (history > 0) return history;
  return numberAt((m.config['train'] as Record<string, unknown> | undefined) ?? {}, 'epochs') ?? numberAt(m.config, 'epochs');
}

export function toModelSummary(store: ProjectStore, m: StoredModel, datasetNames: ReadonlyMap<number, string>): ModelSummary {
  return {
    id: m.id,
    name: m.name,
    architecture: m.architecture,
    operation: m.operation,
    parentId: m.parentId,
    datasetId: m.datasetId,
    datasetName: m.datasetId === null ? null : (datasetNames.get(m.datasetId) ?? null),
    epochs: epochsOf(store, m),
    params: numberAt(m.metrics, 'params', 'parameters') ?? numberAt(m.spec, 'params', 'parameters') ?? 0,
    totalParams: numberAt(m.metrics, 'totalParams'),
    macs: numberAt(m.metrics, 'macs') ?? numberAt(m.spec, 'macs'),
    sizeBytes: m.weightsBytes,
    accuracy: headlineAccuracy(store, m),
    createdAt: m.createdAt,
  };
}

export function modelSummaries(store: ProjectStore): ModelSummary[] {
  const names = new Map(store.listDatasets().map((d) => [d.id, d.name]));
  return store.listModels().map((m) => toModelSummary(store, m, names));
}

export const modelHandlers: {
  listModels: Handler<Engine, 'listModels'>;
  getModelEvaluation: Handler<Engine, 'getModelEvaluation'>;
} = {
  listModels: async (engine) => modelSummaries(engine.store),
  getModelEvaluation: async (engine, arg) => headlineEvaluation(engine.store, arg.modelId),
};
