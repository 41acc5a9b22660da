// A small real project for the bundle and cluster tests: a generated dataset, split, and a tiny
// plain 1-D CNN trained on it for one epoch by the project's own train job, in this process.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGeneratedDataset } from '../../src/main/engine/dsp/synth/write.ts';
import { executeJob } from '../../src/main/engine/jobs/execute-job.ts';
import { initBackend } from '../../src/main/engine/ml/backend/index.ts';
import { openProject } from '../../src/main/engine/store/project.ts';

export interface ClusterTestProject {
  dir: string;
  projectPath: string;
  datasetId: number;
  modelId: number;
}

/** A model whose blocks the pruning methods can remove, and a study over it that runs in seconds. */
export const tinyModel = { arch: 'cnn1d', options: { depth: 4, width: 8, kernel: 3 } };
export const tinyTrain = { epochs: 1, batchSize: 16, seed: 1, learningRate: 0.01, threads: 1 };
export const fourCellStudy = { methods: ['reverse-order', 'magnitude-l1'], recoveries: ['none', 'partial-1'], ratios: [0.5], epochs: 1, seed: 5, batchSize: 16, latencyRepeats: 1 };

export async function makeClusterProject(prefix: string): Promise<ClusterTestProject> {
  await initBackend();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const projectPath = join(dir, 'lab.amrproj');
  const store = openProject(projectPath, { create: true });
  try {
    const dataset = await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK', 'AM-DSB', 'WBFM'], snrs: [10, 18], perKey: 12, length: 32, seed: 3, normalisation: 'unit-power' }, { name: 'tiny' });
    const config = { datasetId: dataset.id, model: tinyModel, train: tinyTrain, split: { train: 0.5, val: 0.25, test: 0.25, seed: 1 } };
    const job = store.createJob({ kind: 'train', config, seed: 1 });
    const outcome = await executeJob(store, { jobId: job.id, kind: 'train', config }, new AbortController().signal, () => undefined);
    if (outcome.status !== 'done') throw new Error(`training the test model failed: ${JSON.stringify(outcome)}`);
    return { dir, projectPath, datasetId: dataset.id, modelId: outcome.result['modelId'] as number };
  } finally {
    store.close();
  }
}
