// The 'import' job: one file into a new dataset. The importer reads the file and writes
// through the dataset writer here, in the worker, in one transaction: a failed or cancelled
// import leaves the project as it was, and the main process only relays progress.
import { z } from 'zod';
import { estimateSnrDb } from '../../dsp/snr.ts';
import { checkSourceFile, getImporter, importFile } from '../../io/registry.ts';
import type { ClassSnrCounts } from '../../store/datasets.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { JobContext } from '../context.ts';
import { parseJobConfig } from '../job-config.ts';

export const importJobSchema = z.object({
  path: z.string().min(1),
  /** importer id; detected from the file when absent */
  format: z.string().optional(),
  name: z.string().optional(),
  /** format-specific options, validated by the importer */
  options: z.record(z.string(), z.unknown()).optional(),
  onDuplicate: z.enum(['reuse', 'error']).default('reuse'),
});

export interface ImportJobResult {
  datasetId: number;
  /** true when an earlier import of the same bytes was kept instead of importing again */
  reused: boolean;
  warnings: string[];
  seconds: number;
  /** the dataset's class × SNR counts, counted here so that the process serving the page does not scan the new samples */
  counts: ClassSnrCounts;
}

/** Importers report every batch; a progress bar needs a few updates a second and each phase's end. */
const progressEveryMs = 100;

/**
 * Refuses, before a job row is written, an import whose file is missing, a folder, empty or
 * unreadable, or whose format is unknown; what the file holds is the job's to judge.
 */
export async function checkImportJob(_store: ProjectStore, raw: Record<string, unknown>): Promise<void> {
  const cfg = parseJobConfig(importJobSchema, raw, 'import');
  await checkSourceFile(cfg.path);
  if (cfg.format) getImporter(cfg.format);
}

export async function runImportJob(ctx: JobContext, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cfg = parseJobConfig(importJobSchema, raw, 'import');
  let phase = '';
  let last = 0;
  const result = await importFile(ctx.store, cfg.path, {
    ...(cfg.format ? { format: cfg.format } : {}),
    ...(cfg.name ? { name: cfg.name } : {}),
    ...(cfg.options ? { options: cfg.options } : {}),
    onDuplicate: cfg.onDuplicate,
    estimateSnrDb: (w) => estimateSnrDb(w.subarray(0, w.length / 2), w.subarray(w.length / 2)).snrDb,
    signal: ctx.signal,
    onProgress: (p) => {
      const now = Date.now();
      if (p.phase === phase && now - last < progressEveryMs && p.done < p.total) return;
      phase = p.phase;
      last = now;
      ctx.progress(p.phase, p.done, p.total);
    },
  });
  const d = result.dataset;
  for (const w of result.warnings) ctx.log(`warning: ${w}`);
  ctx.log(`${result.reused ? 'already imported as' : 'imported'} dataset ${d.id} "${d.name}" (${d.format}): ${d.count} samples`);
  const counts = ctx.store.countsByClassSnr(d.id);
  return { datasetId: d.id, reused: result.reused, warnings: result.warnings, seconds: result.seconds, counts } satisfies ImportJobResult;
}
