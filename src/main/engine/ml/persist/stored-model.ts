// A model saved in the project: rebuilt from its spec, then given its weights by name.
import { AppError } from '../../../../shared/errors.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { ModelRecord } from '../../store/models.ts';
import { buildModel } from '../models/registry.ts';
import type { ModelSpec } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';
import { assignModelWeights, decodeWeights } from './weights.ts';

export function specOf(record: Pick<ModelRecord, 'id' | 'spec'>): ModelSpec {
  const s = record.spec as Partial<ModelSpec>;
  if (typeof s.arch !== 'string' || typeof s.numClasses !== 'number' || typeof s.length !== 'number') {
    throw new AppError('BAD_FILE', `model ${record.id}: stored spec lacks arch/numClasses/length`);
  }
  return s as ModelSpec;
}

/** The caller owns the returned model and must dispose it. */
export function loadStoredModel(store: ProjectStore, modelId: number): { model: tfl.LayersModel; spec: ModelSpec; record: ModelRecord } {
  const record = store.getModel(modelId);
  if (!record.weights) throw new AppError('NOT_FOUND', `model ${modelId} has no weights stored`);
  const spec = specOf(record);
  const model = buildModel(spec);
  try {
    assignModelWeights(model, decodeWeights(record.weights, `model ${modelId}`), { where: `model ${modelId}` });
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { model, spec, record };
}
