// Datasets: the list with class × SNR counts, the importers, and importing a file as a job in a
// worker process, its progress pushed to the page (which may cancel it by its job id).
import type { ImportResult } from '../../../../shared/dto.ts';
import type { ChannelArg } from '../../../../shared/contract.ts';
import type { Engine } from '../../engine.ts';
import { listImporters } from '../../io/registry.ts';
import { requireDone } from '../../jobs/job-outcome.ts';
import type { ImportJobResult } from '../../jobs/kinds/import.ts';
import type { Emit, Handler } from '../dispatch.ts';
import { listSummaries, summarise } from './dataset-summary.ts';

/** At most this many progress events per second reach the renderer. */
const progressIntervalMs = 100;

export async function importDataset(engine: Engine, arg: ChannelArg<'importDataset'>, emit: Emit): Promise<ImportResult> {
  const config = { path: arg.path, ...(arg.format ? { format: arg.format } : {}), ...(arg.name ? { name: arg.name } : {}), ...(arg.options ? { options: arg.options } : {}) };
  let jobId = -1;
  let last = 0;
  const unsubscribe = engine.jobs.subscribe((p) => {
    if (p.jobId !== jobId || p.status !== 'running') return;
    const now = Date.now();
    if (now - last < progressIntervalMs && p.done < p.total) return;
    last = now;
    emit('importProgress', { jobId, path: arg.path, phase: p.phase, done: p.done, total: p.total });
  });
  let result: ImportJobResult;
  try {
    // submit refuses a missing or unreadable file, or an unknown format, before a job row is written
    jobId = await engine.jobs.submit('import', config);
    result = requireDone(await engine.jobs.wait(jobId)) as unknown as ImportJobResult;
  } finally {
    unsubscribe();
  }
  const dataset = engine.store.getDataset(result.datasetId);
  engine.log(`imported ${arg.path} as dataset ${dataset.id} (${dataset.count} samples${result.reused ? ', reused' : ''})`);
  const warnings = result.reused ? [`already imported as “${dataset.name}”: the existing dataset is shown`, ...result.warnings] : result.warnings;
  return { dataset: summarise(engine.store, dataset, result.counts), warnings };
}

export const datasetHandlers: {
  listDatasets: Handler<Engine, 'listDatasets'>;
  listImporters: Handler<Engine, 'listImporters'>;
  importDataset: Handler<Engine, 'importDataset'>;
} = {
  listDatasets: async (engine) => listSummaries(engine.store),
  listImporters: async () => listImporters().map((i) => ({ id: i.id, label: i.label, extensions: [...i.extensions] })),
  importDataset: (engine, arg, emit) => importDataset(engine, arg, emit),
};
