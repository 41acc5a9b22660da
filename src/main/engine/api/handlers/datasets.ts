// Datasets: the list with class × SNR counts, the importers, and importing a file with progress.
import { importFile, listImporters } from '../../io/registry.ts';
import type { Engine } from '../../engine.ts';
import type { Handler } from '../dispatch.ts';
import { listSummaries, summarise } from './dataset-summary.ts';

/** At most this many progress events per second reach the renderer. */
const progressIntervalMs = 100;

export const datasetHandlers: {
  listDatasets: Handler<Engine, 'listDatasets'>;
  listImporters: Handler<Engine, 'listImporters'>;
  importDataset: Handler<Engine, 'importDataset'>;
} = {
  listDatasets: async (engine) => listSummaries(engine.store),
  listImporters: async () => listImporters().map((i) => ({ id: i.id, label: i.label, extensions: [...i.extensions] })),
  importDataset: async (engine, arg, emit) => {
    let last = 0;
    const result = await importFile(engine.store, arg.path, {
      ...(arg.format ? { format: arg.format } : {}),
      ...(arg.name ? { name: arg.name } : {}),
      ...(arg.options ? { options: arg.options } : {}),
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < progressIntervalMs && p.done < p.total) return;
        last = now;
        emit('importProgress', { path: arg.path, phase: p.phase, done: p.done, total: p.total });
      },
    });
    engine.log(`imported ${arg.path} as dataset ${result.dataset.id} (${result.dataset.count} samples${result.reused ? ', reused' : ''})`);
    const warnings = result.reused ? [`already imported as “${result.dataset.name}”: the existing dataset is shown`, ...result.warnings] : result.warnings;
    return { dataset: summarise(engine.store, result.dataset), warnings };
  },
};
