// The pruning study (after “Reassessing Layer Pruning in LLMs: New Insights and Methods” and “A Generic Layer
// Pruning Method for Signal Modulation Recognition Deep Learning Models”) on a ResNet1D trained on generated
// RadioML-style data: every layer-selection metric × {none, partial-3, full, lora} at 25 % unit removal, plus
// block-wise pruning and L1 channel pruning cut to (at most) reverse-order's size. Prints one JSON document:
// the table, and the two questions it answers.
//
//   node --import tsx bench/prune.ts [--depth 20] [--length 64] [--per-key 60] [--epochs 6]
//        [--lr 0.003] [--ft-epochs 2] [--ratio 0.25] [--backend wasm] [--methods a,b] [--recoveries a,b]
import { parseArgs } from '../src/main/cli/args.ts';
import { createRng } from '../src/main/engine/base/random.ts';
import { generateDataset } from '../src/main/engine/dsp/synth/generate.ts';
import { initBackend, parseBackendName } from '../src/main/engine/ml/backend/index.ts';
import { evaluateModel } from '../src/main/engine/ml/eval/evaluate.ts';
import { buildModel } from '../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../src/main/engine/ml/models/spec.ts';
import { parsePruneMethod, pruneMethods } from '../src/main/engine/ml/prune/cut.ts';
import { runPruningStudy, type StudyRow } from '../src/main/engine/ml/prune/study.ts';
import { resolveTrainConfig } from '../src/main/engine/ml/train/config.ts';
import { arraySource } from '../src/main/engine/ml/train/data.ts';
import { trainModel } from '../src/main/engine/ml/train/trainer.ts';

const { flags } = parseArgs(process.argv.slice(2), { backend: 'value', methods: 'value', recoveries: 'value', depth: 'value', epochs: 'value', 'ft-epochs': 'value', length: 'value', lr: 'value', 'per-key': 'value', ratio: 'value' }, 'bench:prune');
const num = (name: string, fallback: number) => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
const list = (name: string, fallback: string[]) => (typeof flags[name] === 'string' ? (flags[name] as string).split(',') : fallback);
const depth = num('depth', 20);
const length = num('length', 64);
const perKey = num('per-key', 60);
const epochs = num('epochs', 6);
const lr = num('lr', 3e-3);
const ftEpochs = num('ft-epochs', 2);
const ratio = num('ratio', 0.25);
const seed = 7;
const classes = ['BPSK', 'QPSK', 'QAM16', 'GFSK'];
const snrs = [0, 6, 12, 18];
const methods = list('methods', [...pruneMethods]).map(parsePruneMethod);
const recoveries = list('recoveries', ['none', 'partial-3', 'full', 'lora']);

const started = performance.now();
const backend = await initBackend(typeof flags.backend === 'string' ? { force: parseBackendName(flags.backend, '--backend') } : {});

// Generated data, shuffled with a seed and split 60 / 15 / 25.
const per = 2 * length;
const xs: Float32Array[] = [];
const ys: number[] = [];
const ss: number[] = [];
generateDataset({ preset: 'rml2016', classes, snrs, perKey, length, seed, normalisation: 'unit-power' }, (c, snr, vectors) => {
  for (let v = 0; v < perKey; v++) {
    xs.push(vectors.subarray(v * per, (v + 1) * per));
    ys.push(classes.indexOf(c));
    ss.push(snr);
  }
});
const order = createRng(seed).shuffle(Int32Array.from(xs.keys()));
const part = (from: number, to: number) => {
  const idx = order.subarray(Math.floor(from * order.length), Math.floor(to * order.length));
  const x = new Float32Array(idx.length * per);
  idx.forEach((k, j) => x.set(xs[k]!, j * per));
  return arraySource(x, Int32Array.from(idx, (k) => ys[k]!), length, Float32Array.from(idx, (k) => ss[k]!));
};
const train = part(0, 0.6);
const val = part(0.6, 0.75);
const test = part(0.75, 1);

const spec: ModelSpec = { arch: 'resnet1d', numClasses: classes.length, length, options: { depth } };
const parent = buildModel(spec, { seed });
const trainConfig = resolveTrainConfig({ epochs, batchSize: 32, seed, learningRate: lr, earlyStopping: null });
const trainStart = performance.now();
await trainModel(parent, { train, val }, trainConfig);
const trainSeconds = (performance.now() - trainStart) / 1000;
const baseAccuracy = evaluateModel(parent, test, classes).accuracy;
process.stderr.write(`trained ${spec.arch}${depth}: test accuracy ${baseAccuracy.toFixed(3)} in ${trainSeconds.toFixed(0)} s\n`);

const rows = await runPruningStudy(parent, spec, { train, val, test, calibration: val, classes }, {
  methods, recoveries, ratios: [ratio], epochs: ftEpochs, seed, trainingLearningRate: trainConfig.learningRate,
  batchSize: 32, calibrationSamples: 128, matchParams: true, latencyRepeats: 5,
}, {
  onRow: (r, done, total) => process.stderr.write(`[${done}/${total}] ${r.method} + ${r.recovery}: acc ${r.accuracy.toFixed(3)}, params ${r.params}\n`),
});

const find = (method: string, recovery: string): StudyRow | undefined => rows.find((r) => r.method === method && r.recovery === recovery);
const pct = (x: number | undefined) => (x === undefined ? null : Math.round(1000 * x) / 10);
const reversePartial = find('reverse-order', 'partial-3');
const reverseFull = find('reverse-order', 'full');
const layerMetrics = rows.filter((r) => !['baseline', 'blockwise', 'channel'].includes(r.method));
const blockwiseVsLayer = recoveries.map((recovery) => {
  const bw = find('blockwise', recovery);
  // equal size: layer-metric models within 5 % of block-wise's parameter count
  const same = layerMetrics.filter((r) => r.recovery === recovery && bw !== undefined && Math.abs(r.params - bw.params) <= 0.05 * bw.params);
  const best = [...layerMetrics.filter((r) => r.recovery === recovery)].sort((a, b) => b.accuracy - a.accuracy)[0];
  return {
    recovery,
    blockwiseAccuracy: pct(bw?.accuracy),
    blockwiseParams: bw?.params ?? null,
    bestLayerMetricAtSameSize: same.length ? (({ method, accuracy, params }) => ({ method, accuracy: pct(accuracy), params }))([...same].sort((a, b) => b.accuracy - a.accuracy)[0]!) : null,
    blockwiseBeatsSameSize: bw && same.length ? same.every((r) => bw.accuracy > r.accuracy) : null,
    bestLayerMetricAnySize: best ? { method: best.method, accuracy: pct(best.accuracy), params: best.params } : null,
  };
});
console.log(JSON.stringify({
  bench: 'prune',
  node: process.version,
  backend: backend.chosen,
  setup: { model: `resnet1d${depth}`, length, classes, snrs, train: train.count, val: val.count, test: test.count, epochs, fineTuneEpochs: ftEpochs, ratio, seed },
  baseline: { accuracy: pct(baseAccuracy), trainSeconds: Math.round(trainSeconds) },
  questions: {
    reverseOrderPartial3WithinOnePointOfFull: reversePartial && reverseFull
      ? { partial3: pct(reversePartial.accuracy), full: pct(reverseFull.accuracy), gapPoints: Math.round(1000 * (reverseFull.accuracy - reversePartial.accuracy)) / 10, within1Point: reverseFull.accuracy - reversePartial.accuracy <= 0.01 }
      : null,
    blockwiseVsLayerMetrics: blockwiseVsLayer,
  },
  table: rows.map((r) => ({ ...r, accuracy: pct(r.accuracy), perSnr: r.perSnr.map((s) => ({ snr: s.snr, accuracy: pct(s.accuracy) })), latencyMsBatch1: +r.latencyMsBatch1.toFixed(3), latencyMsBatch64: +r.latencyMsBatch64.toFixed(3), fineTuneSeconds: +r.fineTuneSeconds.toFixed(1) })),
  seconds: Math.round((performance.now() - started) / 1000),
}, null, 2));
