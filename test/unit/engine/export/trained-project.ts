// A real project holding a small generated dataset (split) and a tiny VT-CNN2 trained on it
// for one epoch with the project's own trainer: what the export service and CLI start from.
// Unit-power vectors and a high learning rate make that one epoch enough for the model to tell
// classes apart, so comparing accuracies of two runtimes means something.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import { buildModel } from '../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../src/main/engine/ml/models/spec.ts';
import { serializeModelWeights } from '../../../../src/main/engine/ml/persist/weights.ts';
import { resolveTrainConfig } from '../../../../src/main/engine/ml/train/config.ts';
import { storeSource } from '../../../../src/main/engine/ml/train/data.ts';
import { trainModel } from '../../../../src/main/engine/ml/train/trainer.ts';
import { openProject, type ProjectStore } from '../../../../src/main/engine/store/project.ts';
import type { DatasetInfo } from '../../../../src/main/engine/store/types.ts';

export const PROJECT_CLASSES = ['BPSK', 'QPSK', 'AM-DSB', 'WBFM'];
export const PROJECT_LENGTH = 32;

export interface TrainedProject {
  dir: string;
  projectPath: string;
  store: ProjectStore;
  dataset: DatasetInfo;
  modelId: number;
}

export async function makeTrainedProject(prefix: string): Promise<TrainedProject> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const projectPath = path.join(dir, 'export.amrproj');
  const store = openProject(projectPath, { create: true });
  const generated = await writeGeneratedDataset(store, { preset: 'rml2016', classes: PROJECT_CLASSES, snrs: [10, 18], perKey: 80, length: PROJECT_LENGTH, seed: 3, normalisation: 'unit-power' });
  store.assignSplits(generated.id, { train: 0.6, val: 0.1, test: 0.3, seed: 3 });
  const dataset = store.getDataset(generated.id);
  const spec: ModelSpec = { arch: 'vtcnn2', numClasses: PROJECT_CLASSES.length, length: PROJECT_LENGTH, options: { dropout: 0.1 }, widths: { conv1: 16, conv2: 8, dense1: 32 } };
  const model = buildModel(spec, { seed: 1 });
  try {
    await trainModel(model, { train: storeSource(store, { datasetId: dataset.id, split: 'train' }) }, resolveTrainConfig({ epochs: 1, batchSize: 16, learningRate: 0.01, seed: 1, earlyStopping: null }));
    const saved = store.saveModel({
      name: 'tiny vtcnn2',
      architecture: 'vtcnn2',
      spec: { ...spec },
      weights: serializeModelWeights(model),
      datasetId: dataset.id,
      datasetHash: dataset.sourceHash,
      operation: 'train',
    });
    return { dir, projectPath, store, dataset, modelId: saved.id };
  } finally {
    model.dispose();
  }
}
