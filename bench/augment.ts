// Signal-mixing augmentation (METHODS §4) measured on generated RML2016-style data (11 classes,
// 128 samples, Σ|x| = 1, the RadioML channel): small single-SNR training sets at three SNRs and
// one all-SNR set, each trained with no augmentation, RM, MSM, θ-SM, n-RM, the linear blend and
// the classic RF augmentations (online, half of each batch replaced), plus RM with partners from
// any SNR on the all-SNR set. Same model, recipe and epochs for all; every run's training and
// validation data are drawn afresh per seed, and tested on one held-out set of the same SNRs.
// Also the time the augmentation adds per epoch, and MSM's cost against exhaustive search on a
// small class. Prints one JSON document (mean ± std over the seeds, and every run).
//
//   node --import ./bin/register-ts.mjs bench/augment.ts [--per-class 100] [--val-per-class 30]
//        [--test-per-class 200] [--snrs 18,6,0] [--all-snr-per-key 5] [--epochs 15] [--seeds 3]
//        [--methods none,rm,msm,theta,nrm,blend,rf] [--model cnn1d] [--backend wasm] [--skip-cost]
import { cpus, loadavg } from 'node:os';
import { describeAugment, resolveAugmentSpec, type AugmentSpec, type AugmentSpecInput } from '../src/shared/augment.ts';
import { parseArgs } from '../src/main/cli/args.ts';
import { dtwDistance } from '../src/main/engine/dsp/dtw.ts';
import { createRng } from '../src/main/engine/base/random.ts';
import { synthesizeKey } from '../src/main/engine/dsp/synth/generate.ts';
import { presetClasses } from '../src/main/engine/dsp/synth/presets.ts';
import { Mixer } from '../src/main/engine/ml/augment/mixer.ts';
import { signalAt, type SignalBank } from '../src/main/engine/ml/augment/signal-bank.ts';
import { trainingAugmentation } from '../src/main/engine/ml/augment/training-hook.ts';
import { initBackend, parseBackendName } from '../src/main/engine/ml/backend/index.ts';
import { evaluateModel } from '../src/main/engine/ml/eval/evaluate.ts';
import { buildModel } from '../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../src/main/engine/ml/models/spec.ts';
import { resolveTrainConfig } from '../src/main/engine/ml/train/config.ts';
import { arraySource, type DataSource } from '../src/main/engine/ml/train/data.ts';
import { trainModel } from '../src/main/engine/ml/train/trainer.ts';

const { flags } = parseArgs(
  process.argv.slice(2),
  {
    'per-class': 'value', 'val-per-class': 'value', 'test-per-class': 'value', snrs: 'value', 'all-snr-per-key': 'value', epochs: 'value', seeds: 'value',
    methods: 'value', model: 'value', backend: 'value', 'skip-cost': 'switch',
  },
  'bench:augment',
);
const num = (name: string, fallback: number): number => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
const list = (name: string, fallback: string[]): string[] => (typeof flags[name] === 'string' ? (flags[name] as string).split(',') : fallback);
const perClass = num('per-class', 100);
const valPerClass = num('val-per-class', 30);
const testPerClass = num('test-per-class', 200);
const singleSnrs = list('snrs', ['18', '6', '0']).map(Number);
const allSnrPerKey = num('all-snr-per-key', 5);
const epochs = num('epochs', 15);
const seeds = num('seeds', 3);
const arch = typeof flags.model === 'string' ? flags.model : 'cnn1d';
const length = 128;
const classes = [...presetClasses('rml2016')];
const allSnrs = Array.from({ length: 20 }, (_, k) => -20 + 2 * k);

const methods: Record<string, AugmentSpecInput | null> = {
  none: null,
  rm: { mix: { method: 'rm' } },
  msm: { mix: { method: 'msm' } },
  theta: { mix: { method: 'theta' } },
  nrm: { mix: { method: 'nrm' } },
  blend: { mix: { method: 'rm', operator: { kind: 'blend' } } },
  rf: { rf: { ops: ['phase', 'flip', 'cfo', 'shift', 'awgn'] } },
};
const chosen = list('methods', Object.keys(methods));
for (const m of chosen) if (!(m in methods)) throw new Error(`--methods: unknown method '${m}' (known: ${Object.keys(methods).join(', ')})`);

const startedAt = performance.now();
const loadAtStart = loadavg();
const backend = await initBackend(typeof flags.backend === 'string' ? { force: parseBackendName(flags.backend, '--backend') } : {});

/** perKey vectors of every class at every SNR of the list, from one generator seed. */
function generated(seed: number, snrs: number[], perKey: number): DataSource {
  const per = 2 * length;
  const x = new Float32Array(classes.length * snrs.length * perKey * per);
  const y = new Int32Array(classes.length * snrs.length * perKey);
  const snr = new Float32Array(y.length);
  let at = 0;
  classes.forEach((className, c) => {
    for (const s of snrs) {
      x.set(synthesizeKey({ preset: 'rml2016', snrs, perKey, length, seed }, className, s), at * per);
      y.fill(c, at, at + perKey);
      snr.fill(s, at, at + perKey);
      at += perKey;
    }
  });
  return arraySource(x, y, length, snr);
}

interface Run {
  seed: number;
  accuracy: number;
  epochSeconds: number;
  augmentSecondsPerEpoch: number;
  replacedPerEpoch: number;
}

const modelSpec: ModelSpec = arch === 'cnn1d' ? { arch, numClasses: classes.length, length, options: { depth: 4, width: 32 } } : { arch, numClasses: classes.length, length };

async function trainOnce(train: DataSource, val: DataSource, test: DataSource, spec: AugmentSpec | null, seed: number): Promise<Run> {
  const config = resolveTrainConfig({ epochs, batchSize: 64, seed, learningRate: 1e-3, earlyStopping: null, threads: 1 });
  const model = buildModel(modelSpec, { seed });
  try {
    const augmentation = spec ? trainingAugmentation(spec, train, seed) : null;
    const result = await trainModel(model, { train, val }, config, augmentation ? { augment: augmentation.augment } : {});
    const report = evaluateModel(model, test, classes);
    const ran = result.history.length;
    return {
      seed,
      accuracy: report.accuracy,
      epochSeconds: result.history.reduce((s, h) => s + h.seconds, 0) / ran,
      augmentSecondsPerEpoch: augmentation ? augmentation.tally.seconds / ran : 0,
      replacedPerEpoch: augmentation ? augmentation.tally.replaced / ran : 0,
    };
  } finally {
    model.dispose();
  }
}

const round = (v: number, digits = 4): number => Math.round(v * 10 ** digits) / 10 ** digits;
function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean: round(mean), std: round(Math.sqrt(variance)) };
}

interface TrainingSet {
  name: string;
  snrs: number[];
  perKey: number;
  testPerKey: number;
}
const sets: TrainingSet[] = [
  ...singleSnrs.map((s) => ({ name: `${s} dB`, snrs: [s], perKey: perClass, testPerKey: testPerClass })),
  { name: 'all SNRs', snrs: allSnrs, perKey: allSnrPerKey, testPerKey: Math.max(1, Math.round(testPerClass / 4)) },
];

const table = [];
for (const set of sets) {
  const test = generated(9000, set.snrs, set.testPerKey);
  const variants: [string, AugmentSpecInput | null][] = chosen.map((m) => [m, methods[m]!]);
  if (set.snrs.length > 1 && chosen.includes('rm')) variants.push(['rm, any SNR', { mix: { method: 'rm', sameSnr: false } }]);
  const runs = new Map<string, Run[]>();
  for (let s = 1; s <= seeds; s++) {
    const train = generated(1000 + s, set.snrs, set.perKey);
    const val = generated(2000 + s, set.snrs, Math.max(1, Math.round((valPerClass * set.perKey) / perClass)));
    // alternate the order per seed so drift in the machine's speed does not favour one method
    const order = s % 2 === 1 ? variants : [...variants].reverse();
    for (const [name, input] of order) {
      const run = await trainOnce(train, val, test, input ? resolveAugmentSpec(input) : null, s);
      process.stderr.write(`${set.name}, ${name}, seed ${s}: accuracy ${run.accuracy.toFixed(3)}, ${run.epochSeconds.toFixed(1)} s/epoch (augmentation ${run.augmentSecondsPerEpoch.toFixed(2)} s)\n`);
      runs.set(name, [...(runs.get(name) ?? []), run]);
    }
  }
  const baseline = runs.get('none');
  table.push({
    set: set.name,
    snrs: set.snrs.length > 1 ? `${set.snrs[0]}…${set.snrs.at(-1)} dB` : set.snrs,
    trainSignals: set.perKey * set.snrs.length * classes.length,
    testSignals: test.count,
    methods: variants.map(([name, input]) => {
      const r = runs.get(name)!.sort((a, b) => a.seed - b.seed);
      return {
        method: name,
        spec: input ? describeAugment(resolveAugmentSpec(input)) : 'none',
        accuracy: meanStd(r.map((x) => x.accuracy)),
        // paired by seed: the same training data and initial weights
        gainOverNone: baseline ? meanStd(r.map((x, k) => x.accuracy - baseline.sort((a, b) => a.seed - b.seed)[k]!.accuracy)) : null,
        epochSeconds: meanStd(r.map((x) => x.epochSeconds)),
        augmentSecondsPerEpoch: meanStd(r.map((x) => x.augmentSecondsPerEpoch)),
        replacedPerEpoch: Math.round(meanStd(r.map((x) => x.replacedPerEpoch)).mean),
        runs: r.map((x) => ({ seed: x.seed, accuracy: round(x.accuracy), epochSeconds: round(x.epochSeconds, 2), augmentSecondsPerEpoch: round(x.augmentSecondsPerEpoch, 3) })),
      };
    }),
  });
}

/**
 * MSM as shipped (a pool of 64, banded DTW of radius 10 % over segment starts every 16 samples,
 * pruned by early abandoning) against exhaustive search (every partner of the class, every
 * start, unconstrained DTW) on one small class.
 */
function msmCost(classSize: number): Record<string, unknown> {
  const source = generated(77, [6], classSize);
  const per = 2 * length;
  const c = classes.indexOf('QPSK');
  const bank: SignalBank = { x: new Float32Array(classSize * per), y: new Int32Array(classSize), snr: new Float32Array(classSize).fill(6), length, count: classSize };
  let at = 0;
  for (const b of source.batches(4096, null)) {
    for (let j = 0; j < b.n; j++) {
      if (b.y[j] !== c) continue;
      bank.x.set(b.x.subarray(j * per, (j + 1) * per), at * per);
      at++;
    }
  }
  const spec = resolveAugmentSpec({ mix: { method: 'msm' } }).mix!;
  const mixer = new Mixer(bank, spec, 'l1', {});
  const width = length / 2;
  const rng = createRng(5);
  const relative = (k: number, p: number, start: number, radius: number): number => {
    const a = signalAt(bank, k);
    const b = signalAt(bank, p);
    let energy = 0;
    for (let n = start; n < start + width; n++) energy += a[n]! ** 2 + a[length + n]! ** 2 + b[n]! ** 2 + b[length + n]! ** 2;
    return dtwDistance({ i: a.subarray(start, start + width), q: a.subarray(length + start, length + start + width) }, { i: b.subarray(start, start + width), q: b.subarray(length + start, length + start + width) }, { radius }) / energy;
  };
  let oursSeconds = 0;
  let exhaustiveSeconds = 0;
  let samePartner = 0;
  const ratios: number[] = [];
  for (let k = 0; k < classSize; k++) {
    let t = performance.now();
    const ours = mixer.mix(k, rng)!.steps[0]!;
    oursSeconds += (performance.now() - t) / 1000;
    t = performance.now();
    let best = Number.POSITIVE_INFINITY;
    let bestPartner = -1;
    for (let p = 0; p < classSize; p++) {
      if (p === k) continue;
      for (let start = 0; start <= length - width; start++) {
        const d = relative(k, p, start, width - 1);
        if (d < best) {
          best = d;
          bestPartner = p;
        }
      }
    }
    exhaustiveSeconds += (performance.now() - t) / 1000;
    if (bestPartner === ours.partner) samePartner++;
    ratios.push(relative(k, ours.partner, ours.segment!.start, width - 1) / best);
  }
  const cells = (partners: number, starts: number, band: number): number => partners * starts * width * band;
  return {
    class: 'QPSK at 6 dB',
    classSize,
    segment: width,
    shipped: { pool: spec.pool, band: spec.band, starts: mixer.segmentStarts().length, msPerSignal: round((1000 * oursSeconds) / classSize, 3) },
    exhaustive: { partners: classSize - 1, starts: length - width + 1, band: 'none', msPerSignal: round((1000 * exhaustiveSeconds) / classSize, 1) },
    speedup: round(exhaustiveSeconds / oursSeconds, 1),
    dtwCellsPerSignal: { shipped: cells(Math.min(spec.pool, classSize - 1), mixer.segmentStarts().length, 2 * Math.round(spec.band * width) + 1), exhaustive: cells(classSize - 1, length - width + 1, width) },
    samePartnerShare: round(samePartner / classSize, 3),
    // ≥ 1: how much farther (in unconstrained DTW) the shipped choice is than the true nearest
    distanceOverExhaustive: { ...meanStd(ratios), max: round(Math.max(...ratios)) },
  };
}

console.log(
  JSON.stringify(
    {
      bench: 'augment',
      node: process.version,
      backend: backend.chosen,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      loadAverage: { start: loadAtStart.map((v) => round(v, 2)), end: loadavg().map((v) => round(v, 2)) },
      setup: {
        data: 'generated RML2016-style (11 classes, 128 samples, Σ|x| = 1, RadioML channel); training and validation data drawn per seed, one test set',
        model: modelSpec,
        recipe: { epochs, batchSize: 64, optimizer: 'adam', learningRate: 1e-3, threads: 1, bestValidationEpochKept: true, onlineProbability: 0.5 },
        perClass, valPerClass, testPerClass, allSnrPerKey, seeds,
      },
      table,
      msmCost: flags['skip-cost'] ? null : msmCost(50),
      seconds: Math.round((performance.now() - startedAt) / 1000),
    },
    null,
    2,
  ),
);
