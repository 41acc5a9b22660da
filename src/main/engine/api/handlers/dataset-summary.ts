// A dataset as the Datasets page shows it: its record plus the class × SNR count matrix.
import type { DatasetSummary } from '../../../../shared/dto.ts';
import type { ClassSnrCounts } from '../../store/datasets.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { DatasetInfo } from '../../store/types.ts';
import { lineageOf } from '../../ml/distill/stored-sets.ts';

/** A distilled set's lineage in a line: method, ipc, α, iterations, augmentation, embedder, seed, source. */
function originOf(info: DatasetInfo): string | null {
  const l = lineageOf(info);
  if (!l) return null;
  const c = l.config;
  const matching = c.method === 'dm' || c.method === 'mdm';
  const parts = [`${c.method.toUpperCase()} ipc ${c.ipc}${c.perSnr ? ' per class × SNR' : ''}`];
  if (c.method === 'mdm') parts.push(`α ${c.alpha}`);
  if (matching) parts.push(`${l.iterationsDone} iterations`);
  // lineages written before the option existed carry no augment field
  if (matching && c.augment !== undefined && c.augment !== 'none') parts.push(`${c.augment} augmentation`);
  if (matching || c.method === 'herding' || c.method === 'kcenter') parts.push(c.embedder.arch === 'convnet' ? `ConvNet w${c.embedder.width}×${c.embedder.depth}` : c.embedder.arch);
  parts.push(`seed ${c.seed}`, `from “${l.sourceName}” (#${l.sourceDatasetId}, ${l.sourceHash.slice(0, 8)})`);
  return parts.join(' · ');
}

/** counts: the dataset's class × SNR counts when already known (an import job counts them in its worker). */
export function summarise(store: ProjectStore, info: DatasetInfo, counts: ClassSnrCounts = store.countsByClassSnr(info.id)): DatasetSummary {
  return {
    id: info.id,
    name: info.name,
    kind: info.kind,
    format: info.format,
    sourcePath: info.sourcePath,
    length: info.length,
    count: info.count,
    classes: counts.classes,
    snrs: counts.snrs,
    counts: counts.counts,
    createdAt: info.createdAt,
    origin: originOf(info),
    derivedFrom: derivedFrom(info),
  };
}

/** The parent recorded by the job that derived the dataset (augmented datasets), else null. */
function derivedFrom(info: DatasetInfo): DatasetSummary['derivedFrom'] {
  const { parentDatasetId, parentName, method } = info.params;
  if (typeof parentDatasetId !== 'number') return null;
  return { datasetId: parentDatasetId, name: typeof parentName === 'string' ? parentName : `dataset ${parentDatasetId}`, method: typeof method === 'string' ? method : info.kind };
}

export function listSummaries(store: ProjectStore): DatasetSummary[] {
  return store.listDatasets().map((d) => summarise(store, d));
}
