// Graphs of the signals for the sample viewer and the class view: the natural and horizontal
// visibility graphs of a sample's I and Q series, and the adaptive visibility graphs a trained
// AVGNet learned (for one sample, or averaged over a class), computed from the stored weights.
import type { ChannelArg } from '../../../../shared/contract.ts';
import type { ClassAdjacency, LearnedAdjacency, SampleGraphs, VisibilityGraphView } from '../../../../shared/dto.ts';
import { AppError } from '../../../../shared/errors.ts';
import { horizontalVisibilityGraph, naturalVisibilityGraph } from '../../dsp/visibility.ts';
import type { Engine } from '../../engine.ts';
import { ADAPTIVE_VISIBILITY_LAYER } from '../../ml/models/avgnet.ts';
import { adaptiveBand, adaptiveFilters, type AdaptiveFilters } from '../../ml/models/graph/learned-adjacency.ts';
import { decodeWeights } from '../../ml/persist/weights.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { Handler } from '../dispatch.ts';

/** Seed of the class subset a mean adjacency is drawn from, so the same class always looks the same. */
const classSubsetSeed = 1;

function degreeCounts(degrees: Int32Array): number[] {
  const counts = new Array<number>(Math.max(0, ...degrees) + 1).fill(0);
  for (const d of degrees) counts[d]!++;
  return counts;
}

function visibilityGraphs(i: Float32Array, q: Float32Array): VisibilityGraphView[] {
  const views: VisibilityGraphView[] = [];
  for (const [kind, build] of [['natural', naturalVisibilityGraph], ['horizontal', horizontalVisibilityGraph]] as const) {
    for (const [series, x] of [['i', i], ['q', q]] as const) {
      const g = build(x);
      views.push({ series, kind, edges: Array.from(g.edges), degreeCounts: degreeCounts(g.degrees) });
    }
  }
  return views;
}

/** The filters of a stored AVGNet, or a clear error for any other model. */
function learnedFilters(store: ProjectStore, modelId: number): { filters: AdaptiveFilters; name: string } {
  const record = store.getModel(modelId);
  if (record.architecture !== 'avgnet') throw new AppError('VALIDATION', `model ${modelId} (${record.name}) is a ${record.architecture}: only an AVGNet learns a graph`);
  if (!record.weights) throw new AppError('NOT_FOUND', `model ${modelId} has no weights stored`);
  return { filters: adaptiveFilters(decodeWeights(record.weights, `model ${modelId}`), ADAPTIVE_VISIBILITY_LAYER), name: record.name };
}

export function sampleGraphs(store: ProjectStore, arg: ChannelArg<'getSampleGraphs'>): SampleGraphs {
  const s = store.getSample(arg.sampleId);
  if (s.datasetId !== arg.datasetId) throw new AppError('NOT_FOUND', `sample ${arg.sampleId} is not in dataset ${arg.datasetId}`);
  const i = s.iq.subarray(0, s.length);
  const q = s.iq.subarray(s.length, 2 * s.length);
  let learned: LearnedAdjacency | null = null;
  if (arg.modelId !== undefined) {
    const { filters, name } = learnedFilters(store, arg.modelId);
    learned = { modelId: arg.modelId, modelName: name, diagonals: filters.kernels.length, length: s.length, i: Array.from(adaptiveBand(i, filters)), q: Array.from(adaptiveBand(q, filters)) };
  }
  return { sampleId: s.id, length: s.length, graphs: visibilityGraphs(i, q), learned };
}

export function classAdjacency(store: ProjectStore, arg: ChannelArg<'getClassAdjacency'>): ClassAdjacency {
  const info = store.getDataset(arg.datasetId);
  const className = info.classes[arg.classIndex];
  if (className === undefined) throw new AppError('NOT_FOUND', `dataset ${info.id} has no class #${arg.classIndex} (it has ${info.classes.length})`);
  const { filters, name } = learnedFilters(store, arg.modelId);
  const L = info.length;
  const W = 2 * filters.kernels.length + 1;
  const sumI = new Float64Array(L * W);
  const sumQ = new Float64Array(L * W);
  let samples = 0;
  const filter = { datasetId: info.id, classes: [arg.classIndex], ...(arg.snrMin !== undefined ? { snrMin: arg.snrMin } : {}) };
  const batches = store.streamBatches(filter, arg.maxSamples, { seed: classSubsetSeed, shuffle: true, bufferBytes: arg.maxSamples * 2 * L * 4 });
  const first = batches.next();
  batches.return(undefined);
  if (!first.done) {
    const { x, count } = first.value;
    for (let k = 0; k < count; k++) {
      const base = k * 2 * L;
      for (const [sum, offset] of [[sumI, 0], [sumQ, L]] as const) {
        const band = adaptiveBand(x.subarray(base + offset, base + offset + L), filters);
        for (let e = 0; e < band.length; e++) sum[e] += band[e]!;
      }
    }
    samples = count;
  }
  const mean = (sum: Float64Array) => Array.from(sum, (v) => (samples > 0 ? v / samples : 0));
  return { modelId: arg.modelId, modelName: name, diagonals: filters.kernels.length, length: L, classIndex: arg.classIndex, className, samples, i: mean(sumI), q: mean(sumQ) };
}

export const graphHandlers: {
  getSampleGraphs: Handler<Engine, 'getSampleGraphs'>;
  getClassAdjacency: Handler<Engine, 'getClassAdjacency'>;
} = {
  getSampleGraphs: async (engine, arg) => sampleGraphs(engine.store, arg),
  getClassAdjacency: async (engine, arg) => classAdjacency(engine.store, arg),
};
