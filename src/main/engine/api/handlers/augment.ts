// Augmentation: a preview of one augmented signal, and the job that writes a derived dataset.
import type { Engine } from '../../engine.ts';
import { augmentPreview } from '../../ml/augment/preview.ts';
import type { Handler } from '../dispatch.ts';

export const augmentHandlers: {
  previewAugmentation: Handler<Engine, 'previewAugmentation'>;
  startAugment: Handler<Engine, 'startAugment'>;
} = {
  previewAugmentation: async (engine, arg) => augmentPreview(engine.store, arg),
  startAugment: async (engine, arg) => {
    const dataset = engine.store.getDataset(arg.datasetId);
    const jobId = engine.jobs.start('augment', {
      datasetId: dataset.id,
      spec: arg.spec,
      seed: arg.seed ?? 0,
      ...(arg.name ? { name: arg.name } : {}),
      ...(arg.includeOriginals === undefined ? {} : { includeOriginals: arg.includeOriginals }),
    });
    return { jobId };
  },
};
