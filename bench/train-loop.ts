// End-to-end training throughput of the product's own path: a generated dataset in a project
// file, batches streamed from the store, the custom training loop (trainModel) with
// validation, then evaluation; plus the start-up cost of a job worker process.
// Prints one JSON document.
//
//   node --import tsx bench/train-loop.ts [--per-key 24] [--epochs 1] [--batch 256] [--models vtcnn2,resnet1d20]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from '../src/main/cli/args.ts';
import { writeGeneratedDataset } from '../src/main/engine/dsp/synth/write.ts';
import { JobHost } from '../src/main/engine/jobs/job-host.ts';
import { initBackend } from '../src/main/engine/ml/backend/index.ts';
import { evaluateModel } from '../src/main/engine/ml/eval/evaluate.ts';
import { countMacs, countParams } from '../src/main/engine/ml/models/complexity.ts';
import { buildModel } from '../src/main/engine/ml/models/registry.ts';
import { tf } from '../src/main/engine/ml/tfjs.ts';
import { resolveTrainConfig } from '../src/main/engine/ml/train/config.ts';
import { storeSource } from '../src/main/engine/ml/train/data.ts';
import { trainModel } from '../src/main/engine/ml/train/trainer.ts';
import { openProject } from '../src/main/engine/store/project.ts';

const { flags } = parseArgs(process.argv.slice(2), { models: 'value', batch: 'value', epochs: 'value', 'per-key': 'value' }, 'bench/train-loop');
const num = (name: string, fallback: number): number => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
const perKey = num('per-key', 24);
const epochs = num('epochs', 1);
const batchSize = num('batch', 256);
const models = (typeof flags['models'] === 'string' ? flags['models'] : 'vtcnn2,resnet1d20').split(',');

const dir = mkdtempSync(join(tmpdir(), 'amr-bench-train-'));
const projectPath = join(dir, 'bench.amrproj');
try {
  const backend = await initBackend();
  const store = openProject(projectPath, { create: true });
  const dataset = await writeGeneratedDataset(store, { preset: 'rml2016', snrs: [-10, 0, 10, 18], perKey, length: 128, seed: 2016 });
  store.assignSplits(dataset.id, { train: 0.7, val: 0.15, test: 0.15, seed: 1 });
  const train = storeSource(store, { datasetId: dataset.id, split: 'train' });
  const val = storeSource(store, { datasetId: dataset.id, split: 'val' });
  const test = storeSource(store, { datasetId: dataset.id, split: 'test' });
  const figures: Record<string, unknown>[] = [];
  for (const arch of models) {
    const spec = { arch, numClasses: dataset.classes.length, length: 128 };
    const tensorsBefore = tf.memory().numTensors;
    const model = buildModel(spec, { seed: 1 });
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const result = await trainModel(model, { train, val }, resolveTrainConfig({ epochs, batchSize, seed: 1, earlyStopping: null }));
    const wall = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const evalStart = performance.now();
    const report = evaluateModel(model, test, dataset.classes, batchSize);
    const evalSeconds = (performance.now() - evalStart) / 1000;
    figures.push({
      arch,
      params: countParams(model),
      macs: countMacs(model),
      train_samples: train.count * epochs,
      train_samples_per_s: Math.round(result.samplesPerSecond * 10) / 10,
      train_samples_per_cpu_s: Math.round(((train.count * epochs) / ((cpu.user + cpu.system) / 1e6)) * 10) / 10,
      wall_s_with_validation: Math.round(wall * 100) / 100,
      eval_samples_per_s: Math.round((report.count / evalSeconds) * 10) / 10,
      test_accuracy: report.accuracy,
    });
    model.dispose();
    if (tf.memory().numTensors !== tensorsBefore) throw new Error(`${arch}: ${tf.memory().numTensors - tensorsBefore} tensors leaked`);
  }
  store.close();
  // A 1-epoch job on a tiny model: mostly the cost of starting a worker (Node, tsx, TF.js, WASM).
  const host = new JobHost({ projectPath });
  const jobStart = performance.now();
  const job = await host.wait(host.start('train', { datasetId: dataset.id, model: { arch: 'cnn1d', options: { depth: 1, width: 8 } }, train: { epochs: 1, batchSize, seed: 1 } }));
  const jobSeconds = (performance.now() - jobStart) / 1000;
  await host.close();
  console.log(
    JSON.stringify({
      bench: 'train-loop',
      backend: backend.chosen,
      dataset: { vectors: dataset.count, train: train.count, classes: dataset.classes.length, length: 128 },
      epochs,
      batchSize,
      models: figures,
      tiny_job_in_worker_s: Math.round(jobSeconds * 100) / 100,
      tiny_job_status: job.status,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
