// A model's results view: how it trained, its headline (its own test split), every evaluation
// record beside it, where it came from and what came of it, and its exports.
import type { LineageNode, ModelResults } from '../../../../shared/dto.ts';
import type { Engine } from '../../engine.ts';
import { headlineEvaluation, recordedEvaluation } from '../../ml/eval/stored-evaluation.ts';
import type { ModelSummary as StoredModel } from '../../store/models.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { Handler } from '../dispatch.ts';
import { toExportSummary } from './exports.ts';
import { jobHistory } from './jobs.ts';
import { lineage } from './lineage.ts';
import { modelSummaries } from './models.ts';

/** The model's ancestors (oldest first), itself, then its descendants. */
export function familyOf(nodes: LineageNode[], modelId: number): LineageNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ancestors: LineageNode[] = [];
  for (let n = byId.get(modelId)?.parentId ?? null; n !== null && !ancestors.some((a) => a.id === n); n = byId.get(n)?.parentId ?? null) {
    const node = byId.get(n);
    if (!node) break;
    ancestors.unshift(node);
  }
  const descendants: LineageNode[] = [];
  const queue = [modelId];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const child of nodes.filter((c) => c.parentId === parent && c.id !== modelId && !descendants.includes(c))) {
      descendants.push(child);
      queue.push(child.id);
    }
  }
  return [...ancestors, byId.get(modelId)!, ...descendants];
}

const plain = (v: unknown): string => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/** The recorded recipe in words: what a person needs to train it again. */
function recipeOf(store: ProjectStore, m: StoredModel): { label: string; value: string }[] {
  const c = m.config;
  const t = (c['train'] as Record<string, unknown> | undefined) ?? {};
  const rows: [string, unknown][] =
    m.operation === 'train'
      ? [
          ['seed', c['seed'] ?? t['seed']],
          ['epochs', t['epochs']],
          ['batch size', t['batchSize']],
          ['learning rate', t['learningRate']],
          ['optimizer', t['optimizer']],
          ['schedule', (t['schedule'] as { kind?: string } | undefined)?.kind],
          ['threads', t['threads']],
          ['split (train / val / test, seed)', c['split'] ? `${(c['split'] as { train: number }).train} / ${(c['split'] as { val: number }).val} / ${(c['split'] as { test: number }).test}, seed ${(c['split'] as { seed: number }).seed}` : undefined],
          ['stopped early', c['stoppedEarly']],
          ['best epoch', typeof m.metrics['bestEpoch'] === 'number' ? (m.metrics['bestEpoch'] as number) + 1 : undefined],
        ]
      : Object.entries(c).filter(([k]) => !['scores', 'blocks', 'channel'].includes(k));
  const trainedOn = m.datasetId === null ? undefined : store.listDatasets().find((d) => d.id === m.datasetId);
  if (trainedOn) rows.unshift(['dataset', `#${trainedOn.id} ${trainedOn.name} (${trainedOn.count.toLocaleString('en')} samples)`]);
  return rows.filter(([, v]) => v !== undefined && v !== null).map(([label, v]) => ({ label, value: plain(v) }));
}

export function modelResults(engine: Engine, modelId: number): ModelResults {
  const { store } = engine;
  const stored = store.getModel(modelId);
  const model = modelSummaries(store).find((m) => m.id === modelId)!;
  return {
    model,
    history: stored.jobId === null ? [] : jobHistory(engine, stored.jobId),
    recipe: recipeOf(store, stored),
    headline: headlineEvaluation(store, modelId),
    evaluations: store.listEvaluations({ modelId }).map(recordedEvaluation).reverse(),
    lineage: familyOf(lineage(engine), modelId),
    exports: store.listExports({ modelId }).map(toExportSummary).reverse(),
  };
}

export const modelResultsHandlers: { getModelResults: Handler<Engine, 'getModelResults'> } = {
  getModelResults: async (engine, arg) => modelResults(engine, arg.modelId),
};
