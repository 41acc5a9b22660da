// Deep transfer clustering on generated RadioML-style data, against its k-means baselines, over
// several seeds (mean ± std). Source: a labelled generated set; target: an unlabelled set of the
// same classes from another generator seed (its labels only score the result). Two conditions:
// every SNR, and SNR ≥ 0 dB (source and target alike). Prints one JSON document.
//
//   node --import ./bin/register-ts.mjs bench/cluster.ts [--seeds 1,2,3] [--source-per-key 20]
//        [--target-per-key 10] [--epochs 10] [--encoder cnn1d] [--ablation] [--umap] [--backend wasm]
import { cpus, loadavg } from 'node:os';
import { parseArgs } from '../src/main/cli/args.ts';
import { generateDataset } from '../src/main/engine/dsp/synth/generate.ts';
import { RML2016_CLASSES, RML2016_SNRS } from '../src/main/engine/dsp/synth/presets.ts';
import { initBackend, parseBackendName } from '../src/main/engine/ml/backend/index.ts';
import { dtcDefaults, runDeepTransferClustering, type ClusterMethod, type DtcConfig, type TargetSet } from '../src/main/engine/ml/cluster/dtc.ts';
import { arraySource } from '../src/main/engine/ml/train/data.ts';

const { flags } = parseArgs(
  process.argv.slice(2),
  { seeds: 'value', 'source-per-key': 'value', 'target-per-key': 'value', epochs: 'value', backend: 'value', ablation: 'switch', umap: 'switch' },
  'bench:cluster',
);
const num = (name: string, fallback: number): number => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
const seeds = typeof flags.seeds === 'string' ? flags.seeds.split(',').map(Number) : [1, 2, 3];
const sourcePerKey = num('source-per-key', 20);
const targetPerKey = num('target-per-key', 10);
const epochs = num('epochs', 10);
const length = 128;
const classes: string[] = [...RML2016_CLASSES];
const conditions = [
  { name: 'all SNRs', snrs: [...RML2016_SNRS] },
  { name: 'SNR >= 0 dB', snrs: RML2016_SNRS.filter((s) => s >= 0) },
];

const started = performance.now();
const load = [loadavg()];
const backend = await initBackend(typeof flags.backend === 'string' ? { force: parseBackendName(flags.backend, '--backend') } : {});

function generated(seed: number, perKey: number, snrs: number[]): TargetSet {
  const per = 2 * length;
  const n = classes.length * snrs.length * perKey;
  const x = new Float32Array(n * per);
  const labels = new Int32Array(n);
  const snr = new Float32Array(n);
  let at = 0;
  generateDataset({ preset: 'rml2016', classes, snrs, perKey, length, seed }, (c, s, vectors) => {
    x.set(vectors, at * per);
    labels.fill(classes.indexOf(c), at, at + perKey);
    snr.fill(s, at, at + perKey);
    at += perKey;
  });
  return { x, length, labels, snr, classes };
}

type Row = { acc: number; nmi: number; ari: number; seconds: number };
const results = new Map<string, Map<string, Row[]>>();
const record = (condition: string, method: string, row: Row): void => {
  if (!results.has(condition)) results.set(condition, new Map());
  const byMethod = results.get(condition)!;
  if (!byMethod.has(method)) byMethod.set(method, []);
  byMethod.get(method)!.push(row);
};
const runs: unknown[] = [];

for (const condition of conditions) {
  for (const seed of seeds) {
    const source = generated(1000 + seed, sourcePerKey, condition.snrs);
    const target = generated(2000 + seed, targetPerKey, condition.snrs);
    const config: DtcConfig = {
      ...dtcDefaults,
      k: classes.length,
      pretrain: { ...dtcDefaults.pretrain, epochs },
      dec: {},
      map: { maxPoints: flags.umap ? 2000 : 0, umap: Boolean(flags.umap) },
      seed,
    };
    const sourceSet = { train: arraySource(source.x, source.labels, length, source.snr), classes };
    const r = await runDeepTransferClustering(sourceSet, target, config);
    for (const m of r.methods) record(condition.name, m.method, { acc: m.report!.acc, nmi: m.report!.nmi, ari: m.report!.ari, seconds: m.seconds });
    const run = {
      condition: condition.name, seed, stoppedBy: r.stoppedBy, iterations: r.iterations, updates: r.updates.length,
      pretrainSeconds: r.pretrain?.seconds, sourceTrainAccuracy: r.pretrain?.epochs.at(-1)?.accuracy,
      collapsed: r.updates.some((u) => u.collapsed), reseeded: r.updates.reduce((s, u) => s + u.reseeded.length, 0),
    };
    if (flags.ablation) {
      const none = await runDeepTransferClustering(null, target, { ...config, transfer: 'none', baselines: false });
      for (const m of none.methods) record(condition.name, `${m.method} (no transfer)`, { acc: m.report!.acc, nmi: m.report!.nmi, ari: m.report!.ari, seconds: m.seconds });
    }
    runs.push(run);
    load.push(loadavg());
    console.error(JSON.stringify(run), r.methods.map((m) => `${m.method} ${m.report!.acc.toFixed(3)}`).join(' | '));
  }
}

const meanStd = (v: number[]): { mean: number; std: number } => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
  return { mean: +mean.toFixed(4), std: +std.toFixed(4) };
};
const table = Object.fromEntries(
  [...results].map(([condition, byMethod]) => [
    condition,
    Object.fromEntries([...byMethod].map(([method, rows]) => [method, {
      acc: meanStd(rows.map((r) => r.acc)), nmi: meanStd(rows.map((r) => r.nmi)), ari: meanStd(rows.map((r) => r.ari)), seconds: meanStd(rows.map((r) => r.seconds)),
    }])),
  ]),
);
const accGain = Object.fromEntries(
  [...results].map(([condition, byMethod]) => {
    const mean = (m: ClusterMethod): number => meanStd(byMethod.get(m)!.map((r) => r.acc)).mean;
    const bestBaseline = Math.max(mean('kmeans-iq'), mean('kmeans-spectral'), mean('kmeans-embedding'));
    return [condition, { dtcMinusBestBaselinePoints: +(100 * (mean('dtc') - bestBaseline)).toFixed(1), dtcMinusRawIqPoints: +(100 * (mean('dtc') - mean('kmeans-iq'))).toFixed(1) }];
  }),
);
console.log(JSON.stringify({
  bench: 'cluster',
  node: process.version,
  backend: backend.chosen,
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  loadAverage: load.map((l) => l.map((v) => +v.toFixed(2))),
  setup: {
    preset: 'rml2016', classes, length, seeds, sourcePerKey, targetPerKey, pretrainEpochs: epochs,
    sourceSeed: '1000 + seed', targetSeed: '2000 + seed', encoder: dtcDefaults.encoder, k: classes.length,
    conditions: conditions.map((c) => ({ name: c.name, snrs: c.snrs, source: classes.length * c.snrs.length * sourcePerKey, target: classes.length * c.snrs.length * targetPerKey })),
  },
  table,
  accGain,
  runs,
  seconds: Math.round((performance.now() - started) / 1000),
}, null, 2));
