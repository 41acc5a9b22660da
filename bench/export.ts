// Export figures for every model of the zoo: each is trained briefly on a generated
// RML2016-style dataset in a scratch project, then exported through the export service as
// static int8 ONNX, whose report also measures the float file. Prints one JSON document:
// float and int8 file sizes, latency p50/p95 at batch 1 and 64 in onnxruntime-node (1 thread) by
// process CPU time (comparable between runs on a busy machine) and by the wall clock,
// test accuracy of both files, and the TF.js-vs-ONNX parity error.
//
//   node --import tsx bench/export.ts [--models vtcnn2,resnet1d20,…] [--classes BPSK,QPSK,AM-DSB,GFSK]
//        [--snrs 10,18] [--per-key 48] [--epochs 2] [--lr 0.005] [--length 128] [--latency-runs 30] [--backend wasm]
// Vectors are scaled to unit power (RML2018's convention), which a few epochs learn from far
// better than RML2016's tiny L1-normalised values. Defaults (four well-separated classes at
// high SNR, two epochs) keep the whole run near ten minutes on a shared two-core machine: the
// accuracy figures say whether the export keeps what the model learnt, not what the
// architecture can learn on the full RML2016 task.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from '../src/main/cli/args.ts';
import { writeGeneratedDataset } from '../src/main/engine/dsp/synth/write.ts';
import { exportModel } from '../src/main/engine/export/export-model.ts';
import type { LatencyFigures } from '../src/main/engine/export/report.ts';
import { initBackend, parseBackendName } from '../src/main/engine/ml/backend/index.ts';
import { buildModel } from '../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../src/main/engine/ml/models/spec.ts';
import { serializeModelWeights } from '../src/main/engine/ml/persist/weights.ts';
import { resolveTrainConfig } from '../src/main/engine/ml/train/config.ts';
import { storeSource } from '../src/main/engine/ml/train/data.ts';
import { trainModel } from '../src/main/engine/ml/train/trainer.ts';
import { openProject } from '../src/main/engine/store/project.ts';

const { flags } = parseArgs(process.argv.slice(2), { epochs: 'value', 'latency-runs': 'value', length: 'value', lr: 'value', 'per-key': 'value', backend: 'value', classes: 'value', models: 'value', snrs: 'value' }, 'bench:export');
const text = (name: string, fallback: string) => (typeof flags[name] === 'string' ? flags[name] : fallback);
const num = (name: string, fallback: number) => Number(text(name, String(fallback)));
const models = text('models', 'vtcnn2,resnet1d20,cldnn,lstm2,gru2,cnn1d,mcldnn').split(',');
const classes = text('classes', 'BPSK,QPSK,AM-DSB,GFSK').split(',');
const snrs = text('snrs', '10,18').split(',').map(Number);
const perKey = num('per-key', 48);
const epochs = num('epochs', 2);
const learningRate = num('lr', 0.005);
const length = num('length', 128);
const latencyRuns = num('latency-runs', 30);
const backend = await initBackend({ force: parseBackendName(text('backend', 'wasm'), '--backend') });

const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const latencyFigures = (l: LatencyFigures) => Object.fromEntries(
  (['batch1', 'batch64'] as const).map((b) => [b, { cpu: { p50: round(l[b].cpuP50Ms), p95: round(l[b].cpuP95Ms) }, wall: { p50: round(l[b].p50Ms), p95: round(l[b].p95Ms) } }]),
);
const log = (line: string) => process.stderr.write(`${line}\n`);

const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'amr-export-bench-'));
const store = openProject(join(dir, 'bench.amrproj'), { create: true });
try {
  const started = performance.now();
  const generated = await writeGeneratedDataset(store, { preset: 'rml2016', classes, snrs, perKey, length, seed: 2016, normalisation: 'unit-power' });
  const split = store.assignSplits(generated.id, { train: 0.7, val: 0, test: 0.3, seed: 2016 });
  const dataset = store.getDataset(generated.id);
  log(`dataset: ${dataset.count} vectors (${split.train} train, ${split.test} test), ${dataset.classes.length} classes, SNR ${snrs.join('/')} dB`);

  const results = [];
  for (const arch of models) {
    const t0 = performance.now();
    const spec: ModelSpec = { arch, numClasses: dataset.classes.length, length };
    const model = buildModel(spec, { seed: 1 });
    let modelId: number;
    try {
      const trained = await trainModel(model, { train: storeSource(store, { datasetId: dataset.id, split: 'train' }) }, resolveTrainConfig({ epochs, batchSize: 32, learningRate, seed: 1, earlyStopping: null }));
      modelId = store.saveModel({ name: arch, architecture: arch, spec: { ...spec }, weights: serializeModelWeights(model), datasetId: dataset.id, datasetHash: dataset.sourceHash, operation: 'train' }).id;
      log(`${arch}: trained ${epochs} epochs in ${((performance.now() - t0) / 1000).toFixed(1)} s (train accuracy ${trained.history.at(-1)!.accuracy.toFixed(3)})`);
    } finally {
      model.dispose();
    }
    const t1 = performance.now();
    const { report } = await exportModel(store, { modelId, format: 'onnx-int8', outPath: join(dir, `${arch}-int8.onnx`), calibrationSamples: 256, latencyRuns });
    const int8 = report.int8!;
    log(`${arch}: exported and measured in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    results.push({
      model: arch,
      params: report.params,
      macs: report.macs,
      floatBytes: report.float.fileBytes,
      int8Bytes: int8.fileBytes,
      sizeRatio: round(int8.fileBytes / report.float.fileBytes),
      latencyMs: { float: latencyFigures(report.float.latency), int8: latencyFigures(int8.latency) },
      accuracy: { float: round(report.float.accuracy.overall, 4), int8: round(int8.accuracy.overall, 4), dropPoints: round(int8.accuracyDropPoints, 2), testSamples: report.float.accuracy.samples },
      parityMaxAbsDiff: report.float.parity.maxAbsDiff,
      paritySamples: report.float.parity.samples,
    });
  }
  console.log(JSON.stringify({
    bench: 'export',
    node: process.version,
    trainingBackend: backend.chosen,
    runtime: 'onnxruntime-node, cpu, 1 thread',
    data: { preset: 'rml2016', normalisation: 'unit-power', classes: dataset.classes, snrs, perKey, length, train: split.train, test: split.test, epochs, learningRate, batchSize: 32 },
    latencyRuns,
    seconds: round((performance.now() - started) / 1000, 1),
    results,
  }, null, 2));
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
