// The model lineage forest: every model with its parent and what produced it, plus the files
// exported from it — trained → pruned → fine-tuned → exported.
import type { LineageNode } from '../../../../shared/dto.ts';
import type { Engine } from '../../engine.ts';
import type { ModelSummary } from '../../store/models.ts';
import type { Handler } from '../dispatch.ts';

function numberIn(record: Record<string, unknown>, key: string): number | null {
  const v = record[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A few words on what the operation did, from the config the producing job stored. */
export function operationDetail(m: Pick<ModelSummary, 'operation' | 'config'>): string {
  const c = m.config;
  if (m.operation === 'prune') {
    const ratio = numberIn(c, 'ratio');
    const parts = [String(c['method'] ?? 'pruned')];
    if (ratio !== null) parts.push(`${Math.round(100 * ratio)} %`);
    if (typeof c['recovery'] === 'string') parts.push(`+ ${c['recovery']}`);
    const epochs = numberIn(c, 'epochs');
    if (epochs !== null && c['recovery'] !== 'none') parts.push(`(${epochs} epoch${epochs === 1 ? '' : 's'})`);
    return parts.join(' ');
  }
  if (m.operation === 'train') {
    const epochs = numberIn((c['train'] as Record<string, unknown> | undefined) ?? {}, 'epochs');
    const trained = epochs === null ? 'trained' : `trained ${epochs} epoch${epochs === 1 ? '' : 's'}`;
    const method = (c['augment'] as Record<string, unknown> | null | undefined)?.['method'];
    return typeof method === 'string' ? `${trained}, augmented: ${method}` : trained;
  }
  return m.operation;
}

export function lineage(engine: Engine): LineageNode[] {
  const exports = engine.store.listExports();
  return engine.store.listModels().map((m) => ({
    id: m.id,
    name: m.name,
    architecture: m.architecture,
    parentId: m.parentId,
    operation: m.operation,
    detail: operationDetail(m),
    accuracy: numberIn(m.metrics, 'accuracy') ?? numberIn(m.metrics, 'testAccuracy'),
    params: numberIn(m.metrics, 'params'),
    createdAt: m.createdAt,
    exports: exports.filter((e) => e.modelId === m.id).map((e) => ({ id: e.id, format: e.format, path: e.path })),
  }));
}

export const lineageHandlers: { getLineage: Handler<Engine, 'getLineage'> } = {
  getLineage: async (engine) => lineage(engine),
};
