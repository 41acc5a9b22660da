// Trained models for the Models page and their evaluation (accuracy per SNR, confusion matrix),
// read from what the training jobs stored.
import type { ModelEvaluation, ModelSummary } from '../../../../shared/dto.ts';
import type { Engine } from '../../engine.ts';
import type { ModelSummary as StoredModel } from '../../store/models.ts';
import type { MetricRecord } from '../../store/metrics.ts';
import type { Handler } from '../dispatch.ts';

function numberAt(record: Record<string, unknown>, ...keys: string[]): number | null {
  for (const k of keys) {
    const v = record[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

export function toModelSummary(m: StoredModel): ModelSummary {
  return {
    id: m.id,
    name: m.name,
    architecture: m.architecture,
    datasetId: m.datasetId,
    params: numberAt(m.metrics, 'params', 'parameters') ?? numberAt(m.spec, 'params', 'parameters') ?? 0,
    macs: numberAt(m.metrics, 'macs') ?? numberAt(m.spec, 'macs'),
    sizeBytes: m.weightsBytes,
    accuracy: numberAt(m.metrics, 'testAccuracy', 'accuracy', 'valAccuracy'),
    createdAt: m.createdAt,
  };
}

function accuracyOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object') return numberAt(value as Record<string, unknown>, 'accuracy', 'acc');
  return null;
}

function confusionOf(records: MetricRecord[]): { classes: string[] | null; matrix: number[][] } | null {
  const last = records.at(-1);
  if (!last) return null;
  const v = last.value;
  if (Array.isArray(v)) return { classes: null, matrix: v as number[][] };
  if (v && typeof v === 'object' && Array.isArray((v as { matrix?: unknown }).matrix)) {
    const o = v as { matrix: number[][]; classes?: unknown };
    return { classes: Array.isArray(o.classes) ? (o.classes as string[]) : null, matrix: o.matrix };
  }
  return null;
}

export function evaluationOf(engine: Engine, modelId: number): ModelEvaluation | null {
  const model = engine.store.getModel(modelId);
  const perSnr = engine.store
    .listMetrics({ modelId, kind: 'snr' })
    .filter((r) => r.snr !== null && accuracyOf(r.value) !== null)
    .sort((a, b) => a.snr! - b.snr!);
  const confusion = confusionOf(engine.store.listMetrics({ modelId, kind: 'confusion' }));
  if (perSnr.length === 0 && !confusion) return null;
  const classes = confusion?.classes ?? (model.datasetId !== null ? engine.store.getDataset(model.datasetId).classes : []);
  const matrix = confusion?.matrix ?? [];
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  const right = matrix.reduce((a, row, k) => a + (row[k] ?? 0), 0);
  return {
    modelId,
    classes,
    snrs: perSnr.map((r) => r.snr!),
    accuracyBySnr: perSnr.map((r) => accuracyOf(r.value)!),
    confusion: matrix,
    accuracy: total > 0 ? right / total : (numberAt(model.metrics, 'testAccuracy', 'accuracy') ?? 0),
  };
}

export const modelHandlers: {
  listModels: Handler<Engine, 'listModels'>;
  getModelEvaluation: Handler<Engine, 'getModelEvaluation'>;
} = {
  listModels: async (engine) => engine.store.listModels().map(toModelSummary),
  getModelEvaluation: async (engine, arg) => evaluationOf(engine, arg.modelId),
};
