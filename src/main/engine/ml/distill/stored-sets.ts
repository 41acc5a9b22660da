// Distillation against the project file: the real training split read into memory, and the
// distilled set written back as a dataset of kind 'distilled' whose params carry its lineage.
import { createHash } from 'node:crypto';
import { AppError } from '../../../../shared/errors.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { DatasetInfo, SampleMeta, SplitConfig } from '../../store/types.ts';
import type { DistillConfig } from './config.ts';
import type { DistilledSet } from './distill.ts';
import type { RealSet } from './groups.ts';
import type { LossPoint } from './matching-run.ts';

/** Real signals a distillation may hold in memory (RML2016.10a's whole train split is 112 MB). */
export const MAX_REAL_BYTES = 1.5 * 2 ** 30;

/** Loss points kept in a distilled dataset's params: enough for a curve, bounded for long runs. */
export const LOSS_CURVE_POINTS = 500;

export interface RealFilter {
  snrMin?: number;
  snrMax?: number;
}

/** The dataset's train split (optionally an SNR range of it), with the sample ids it came from. */
export function loadRealSet(store: ProjectStore, info: DatasetInfo, filter: RealFilter): { real: RealSet; ids: Int32Array } {
  const selection = { datasetId: info.id, split: 'train' as const, ...filter };
  const count = store.pageSamples(selection, { offset: 0, limit: 0 }).total;
  if (count === 0) throw new AppError('VALIDATION', `dataset ${info.id} (“${info.name}”) has no training samples${filter.snrMin !== undefined || filter.snrMax !== undefined ? ' in the SNR range asked' : ''} to distil`);
  const bytes = count * 2 * info.length * 4;
  if (bytes > MAX_REAL_BYTES) {
    throw new AppError('VALIDATION', `dataset ${info.id} (“${info.name}”): its train split is ${(bytes / 2 ** 30).toFixed(1)} GiB of signals, more than the ${MAX_REAL_BYTES / 2 ** 30} GiB a distillation holds in memory; distil an SNR range of it`);
  }
  const loaded = store.loadSamples(selection);
  return { real: { x: loaded.x, labels: loaded.y, snr: loaded.snr, length: info.length, classes: [...info.classes] }, ids: loaded.ids };
}

/** Everything needed to say where a distilled set came from and to make it again. */
export interface DistillLineage {
  sourceDatasetId: number;
  sourceName: string;
  sourceHash: string;
  sourceSplit: SplitConfig | null;
  filter: RealFilter;
  config: DistillConfig;
  iterationsDone: number;
  /** the RMS of the training split, the unit the matching ran in */
  scale: number;
  jobId: number | null;
  seconds: number;
}

/** Every n-th point, the last one always kept. */
export function thinCurve(history: readonly LossPoint[], points = LOSS_CURVE_POINTS): LossPoint[] {
  if (history.length <= points) return [...history];
  const step = history.length / points;
  const out: LossPoint[] = [];
  for (let k = 0; k < points - 1; k++) out.push(history[Math.floor(k * step)]!);
  out.push(history.at(-1)!);
  return out;
}

function contentHash(set: DistilledSet, lineage: DistillLineage): string {
  const h = createHash('sha256');
  for (const a of [set.x, set.labels, set.snr]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  h.update(JSON.stringify({ ...lineage, jobId: null, seconds: null }));
  return h.digest('hex');
}

export function lineageOf(info: Pick<DatasetInfo, 'kind' | 'params'>): DistillLineage | null {
  const l = info.params['lineage'];
  return info.kind === 'distilled' && l && typeof l === 'object' ? (l as DistillLineage) : null;
}

/**
 * One transaction: the dataset row, its classes (the source's, in its order) and signals. A
 * selected real signal keeps its source sample id as its source offset, as does a synthetic
 * one started from a real signal; noise-started ones count from 0.
 */
export function writeDistilledDataset(store: ProjectStore, set: DistilledSet, lineage: DistillLineage, sourceIds: Int32Array, name: string): DatasetInfo {
  const writer = store.beginDataset({
    name,
    kind: 'distilled',
    format: `distilled-${lineage.config.method}`,
    sourcePath: null,
    sourceHash: contentHash(set, lineage),
    length: set.length,
    params: { lineage, lossCurve: thinCurve(set.history) },
  });
  try {
    for (const c of set.classes) writer.classIndex(c);
    const meta: SampleMeta[] = Array.from(set.labels, (label, k) => ({
      classIndex: label,
      snr: Number.isNaN(set.snr[k]!) ? null : set.snr[k]!,
      sourceOffset: set.sourceIndices ? sourceIds[set.sourceIndices[k]!]! : k,
    }));
    writer.append(set.x, meta);
    return writer.commit();
  } catch (err) {
    writer.abort();
    throw err;
  }
}
