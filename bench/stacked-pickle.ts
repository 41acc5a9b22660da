// An RML2016 pickle as the parity benches need it: imported through importFile into a throwaway
// project, like a user's import, then stacked in the DeepSig notebook's order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetInfo } from '../src/main/engine/store/types.ts';
import { importFile } from '../src/main/engine/io/registry.ts';
import { stackModMajor, type StackedDataset } from '../src/main/engine/ml/parity/deepsig-split.ts';
import { openProject } from '../src/main/engine/store/project.ts';

export async function importStacked(file: string): Promise<{ dataset: DatasetInfo; stacked: StackedDataset }> {
  const dir = mkdtempSync(join(tmpdir(), 'amr-parity-'));
  try {
    const store = openProject(join(dir, 'parity.amrproj'), { create: true });
    try {
      const { dataset } = await importFile(store, file);
      return { dataset, stacked: stackModMajor(store.loadSamples({ datasetId: dataset.id }), dataset.classes, file) };
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
