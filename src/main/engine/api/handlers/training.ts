// Training: the model zoo to pick from and starting a training job.
import type { ChannelArg } from '../../../../shared/contract.ts';
import type { Engine } from '../../engine.ts';
import type { Handler } from '../dispatch.ts';

/** The training job's config from the form's fields, here or on a cluster. */
export function trainJobConfig(arg: ChannelArg<'startTraining'>): Record<string, unknown> {
  return {
    datasetId: arg.datasetId,
    model: { arch: arg.architecture },
    train: {
      epochs: arg.epochs, batchSize: arg.batchSize, learningRate: arg.learningRate, seed: arg.seed ?? 0,
      ...(arg.threads === undefined ? {} : { threads: arg.threads }),
    },
    ...(arg.augment ? { augment: arg.augment } : {}),
    ...(arg.subset ? { subset: arg.subset } : {}),
  };
}

export async function startTraining(engine: Engine, arg: ChannelArg<'startTraining'>): Promise<{ jobId: number }> {
  return { jobId: await engine.jobs.submit('train', trainJobConfig(arg), arg.backend ? { backend: arg.backend } : {}) };
}

export const trainingHandlers: {
  listArchitectures: Handler<Engine, 'listArchitectures'>;
  startTraining: Handler<Engine, 'startTraining'>;
} = {
  listArchitectures: async () => {
    // the registry pulls in TF.js: load it only when the Training page asks
    const { listArchitectures } = await import('../../ml/models/registry.ts');
    return listArchitectures().map((a) => ({ id: a.arch, label: a.title }));
  },
  startTraining: async (engine, arg) => startTraining(engine, arg),
};
