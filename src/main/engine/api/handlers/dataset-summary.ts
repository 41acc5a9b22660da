// A dataset as the Datasets page shows it: its record plus the class × SNR count matrix.
import type { DatasetSummary } from '../../../../shared/dto.ts';
import type { ProjectStore } from '../../store/project.ts';
import type { DatasetInfo } from '../../store/types.ts';

export function summarise(store: ProjectStore, info: DatasetInfo): DatasetSummary {
  const counts = store.countsByClassSnr(info.id);
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
  };
}

export function listSummaries(store: ProjectStore): DatasetSummary[] {
  return store.listDatasets().map((d) => summarise(store, d));
}
