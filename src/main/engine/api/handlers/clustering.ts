// Clustering: starting a run, its views, the user's names, merges and splits, and writing the
// named clusters out as a labelled dataset.
import type { ChannelArg } from '../../../../shared/contract.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { Engine } from '../../engine.ts';
import { splitClusterByKMeans, writeLabelledDataset } from '../../ml/cluster/label-clusters.ts';
import type { Handler } from '../dispatch.ts';
import { clusterCards, clusterRunBrief, clusterRunView } from './cluster-views.ts';
import { summarise } from './dataset-summary.ts';

export function startClustering(engine: Engine, arg: ChannelArg<'startClustering'>): { jobId: number } {
  const target = engine.store.getDataset(arg.targetDatasetId);
  const transfer = arg.transfer ?? 'source';
  if (transfer === 'source' && arg.sourceDatasetId === undefined) throw new AppError('VALIDATION', 'pick a labelled source dataset to transfer the encoder from, or choose no transfer');
  if (arg.k === undefined && arg.estimateK === undefined) throw new AppError('VALIDATION', 'give the number of clusters K, or a range to estimate it from');
  const config = {
    targetDatasetId: target.id,
    ...(transfer === 'source' ? { sourceDatasetId: arg.sourceDatasetId } : {}),
    transfer,
    ...(arg.k === undefined ? {} : { k: arg.k }),
    ...(arg.estimateK ? { estimateK: arg.estimateK } : {}),
    ...(arg.encoder ? { encoder: { arch: arg.encoder } } : {}),
    ...(arg.pretrainEpochs ? { pretrain: { epochs: arg.pretrainEpochs } } : {}),
    ...(arg.snrMin === undefined ? {} : { snrMin: arg.snrMin }),
    ...(arg.snrMax === undefined ? {} : { snrMax: arg.snrMax }),
    ...(arg.name ? { name: arg.name } : {}),
    seed: arg.seed ?? 0,
  };
  return { jobId: engine.jobs.start('cluster', config) };
}

export const clusteringHandlers: {
  startClustering: Handler<Engine, 'startClustering'>;
  listClusterRuns: Handler<Engine, 'listClusterRuns'>;
  getClusterRun: Handler<Engine, 'getClusterRun'>;
  getClusterCards: Handler<Engine, 'getClusterCards'>;
  nameClusters: Handler<Engine, 'nameClusters'>;
  mergeClusters: Handler<Engine, 'mergeClusters'>;
  splitCluster: Handler<Engine, 'splitCluster'>;
  writeLabelledDataset: Handler<Engine, 'writeLabelledDataset'>;
} = {
  startClustering: async (engine, arg) => startClustering(engine, arg),
  listClusterRuns: async (engine, arg) => engine.store.listClusterRuns(arg.targetDatasetId === undefined ? {} : { targetDatasetId: arg.targetDatasetId }).map(clusterRunBrief),
  getClusterRun: async (engine, arg) => clusterRunView(engine.store, arg.runId),
  getClusterCards: async (engine, arg) => clusterCards(engine.store, arg.runId, arg.bins, arg.maxSamples),
  nameClusters: async (engine, arg) => {
    engine.store.nameClusters(arg.runId, Object.fromEntries(Object.entries(arg.names).map(([c, name]) => [Number(c), name])));
    return clusterRunView(engine.store, arg.runId);
  },
  mergeClusters: async (engine, arg) => {
    engine.store.mergeClusters(arg.runId, arg.from, arg.into);
    return clusterRunView(engine.store, arg.runId);
  },
  splitCluster: async (engine, arg) => {
    splitClusterByKMeans(engine.store, arg.runId, arg.cluster, arg.seed ?? 0);
    return clusterRunView(engine.store, arg.runId);
  },
  writeLabelledDataset: async (engine, arg) => {
    const info = writeLabelledDataset(engine.store, arg.runId, arg.name ? { name: arg.name } : {});
    engine.log(`wrote the named clusters of run ${arg.runId} as dataset ${info.id} (${info.count} samples, classes ${info.classes.join(', ')})`);
    return summarise(engine.store, info);
  },
};
