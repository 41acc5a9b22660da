// Dataset distillation on a generated 11-class RML2016-style set: for each ipc, the random,
// herding, k-center, DM and MDM sets, each evaluated by N fresh networks of each architecture
// (mean ± std overall and per SNR), the whole-training-set upper bound of the same recipe, and
// DM/MDM iterations per second against bench/distill_torch.py (the same iteration in PyTorch)
// in the same run. Prints one JSON document; --out FILE also rewrites it after every cell, so a
// long grid can be read while it runs.
//
//   node --import ./bin/register-ts.mjs bench/distill.ts [--ipcs 1,10,50]
//        [--methods random,herding,kcenter,dm,mdm] [--archs convnet,resnet1d20] [--runs 3]
//        [--iterations 300] [--lr 0.01×ipc] [--augment none|iq|orbit (default: the method's)]
//        [--embedder convnet|ZOO_ARCH] [--per-snr] [--eval-augment iq|none] [--eval-epochs 300] [--recurrent-lr 0.01] [--upper-epochs 20] [--per-key 80]
//        [--snrs -20:18:2] [--seed 0] [--speed-repeats 3] [--speed-iterations 20]
//        [--skip-speed] [--skip-reference-shape] [--skip-grid] [--skip-upper] [--out FILE]
// The speed comparison runs both sides on one thread, with the CPU defaults' shapes (ipc 10,
// real batch 64 per class, ConvNet width 64) and once at the reference's width 128 and batch 256.
// Each side reports wall-clock iterations/s and CPU (user + system) ms per iteration: on a
// shared machine the CPU-time ratio is the one that means something.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../src/main/cli/args.ts';
import { synthesizeKey } from '../src/main/engine/dsp/synth/generate.ts';
import { presetClasses } from '../src/main/engine/dsp/synth/presets.ts';
import { initBackend } from '../src/main/engine/ml/backend/index.ts';
import { isMatchingMethod, resolveDistillConfig, type AugmentMode, type DistillConfig, type DistillMethod } from '../src/main/engine/ml/distill/config.ts';
import { distillDataset, initialMatchingState } from '../src/main/engine/ml/distill/distill.ts';
import { defaultEvaluationRecipe, evaluateOnArchitectures, recurrentEvaluators, resolveEvaluationRecipe, type ArchitectureScore, type EvaluationArch } from '../src/main/engine/ml/distill/evaluate-distilled.ts';
import { distillGroups, type RealSet } from '../src/main/engine/ml/distill/groups.ts';
import { runMatching } from '../src/main/engine/ml/distill/matching-run.ts';
import { signalScale } from '../src/main/engine/ml/distill/signal-scale.ts';
import { tf } from '../src/main/engine/ml/tfjs.ts';
import { arraySource } from '../src/main/engine/ml/train/data.ts';
import { cpuMs } from './kernel-clock.ts';
import { PYTHON, REFERENCE_DIR, referenceEnv } from './reference-process.ts';

const TORCH_SCRIPT = join(import.meta.dirname, 'distill_torch.py');

const { flags } = parseArgs(
  process.argv.slice(2),
  {
    ipcs: 'value', methods: 'value', archs: 'value', runs: 'value', iterations: 'value', lr: 'value', augment: 'value', embedder: 'value', 'per-snr': 'switch', 'eval-augment': 'value', 'eval-epochs': 'value', 'recurrent-lr': 'value', 'upper-epochs': 'value',
    'per-key': 'value', snrs: 'value', seed: 'value', 'speed-repeats': 'value', 'speed-iterations': 'value', out: 'value',
    'skip-speed': 'switch', 'skip-reference-shape': 'switch', 'skip-grid': 'switch', 'skip-upper': 'switch',
  },
  'bench/distill',
);
const text = (name: string, fallback: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : fallback);
const num = (name: string, fallback: number) => Number(text(name, String(fallback)));
const list = (name: string, fallback: string) => text(name, fallback).split(',').filter(Boolean);

const ipcs = list('ipcs', '1,10,50').map(Number);
const methods = list('methods', 'random,herding,kcenter,dm,mdm') as DistillMethod[];
const archNames = list('archs', 'convnet,resnet1d20');
const seed = num('seed', 0);
const iterations = num('iterations', 300);
// the learning rate on S; the CPU preset's for each ipc unless given
const learningRate = typeof flags.lr === 'string' ? Number(flags.lr) : undefined;
// augmentation inside DM/MDM's matching, another embedder, per class × SNR cells: a cell run
// with any of them is keyed '<method>+<option>…'
const augment = typeof flags.augment === 'string' ? (flags.augment as AugmentMode) : undefined;
const embedderArch = text('embedder', 'convnet');
const perSnr = flags['per-snr'] === true;
const options = { ...(augment !== undefined ? { augment } : {}), perSnr, embedder: { arch: embedderArch } };
const perKey = num('per-key', 80);
const [snrLo, snrHi, snrStep] = text('snrs', '-20:18:2').split(':').map(Number) as [number, number, number];
const snrs = Array.from({ length: Math.floor((snrHi - snrLo) / snrStep) + 1 }, (_, i) => snrLo + i * snrStep);
const recipe = resolveEvaluationRecipe({ runs: num('runs', 3), epochs: num('eval-epochs', 300), seed, augment: text('eval-augment', defaultEvaluationRecipe.augment) as 'none' | 'iq', recurrentLearningRate: num('recurrent-lr', defaultEvaluationRecipe.recurrentLearningRate) });
const upperEpochs = num('upper-epochs', 20);
const out = typeof flags.out === 'string' ? flags.out : null;

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const log = (message: string) => process.stderr.write(`[distill bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** perKey signals per (class, SNR), the first half of each key to train, the rest to test. */
function generatedSplit(): { train: RealSet; test: RealSet } {
  const classes = [...presetClasses('rml2016')];
  const half = Math.floor(perKey / 2);
  const parts = { train: [] as Float32Array[], test: [] as Float32Array[] };
  const labels = { train: [] as number[], test: [] as number[] };
  const snrOf = { train: [] as number[], test: [] as number[] };
  classes.forEach((className, k) => {
    for (const snr of snrs) {
      const x = synthesizeKey({ preset: 'rml2016', classes, snrs, perKey, length: 128, seed }, className, snr);
      parts.train.push(x.subarray(0, half * 256));
      parts.test.push(x.subarray(half * 256));
      for (const [side, n] of [['train', half], ['test', perKey - half]] as const) {
        for (let i = 0; i < n; i++) {
          labels[side].push(k);
          snrOf[side].push(snr);
        }
      }
    }
  });
  const pack = (side: 'train' | 'test'): RealSet => {
    const x = new Float32Array(parts[side].reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts[side]) {
      x.set(p, at);
      at += p.length;
    }
    return { x, labels: Int32Array.from(labels[side]), snr: Float32Array.from(snrOf[side]), length: 128, classes };
  };
  return { train: pack('train'), test: pack('test') };
}

interface SpeedShape {
  ipc: number;
  batchReal: number;
  width: number;
}

interface Rate {
  /** wall-clock iterations per second */
  rate: number;
  /** user + system CPU milliseconds per iteration */
  cpuMs: number;
}

/**
 * Our speed over `timed` iterations after `warmup`, as the job runs them, without augmentation:
 * the PyTorch script runs the plain DM/MDM iteration (MDM's default orbit embeds S eight times).
 */
async function ourRate(real: RealSet, shape: SpeedShape, alpha: number, warmup: number, timed: number): Promise<Rate> {
  const config = resolveDistillConfig({ method: alpha > 0 ? 'mdm' : 'dm', alpha, augment: 'none', ipc: shape.ipc, batchReal: shape.batchReal, iterations: warmup + timed, embedder: { arch: 'convnet', width: shape.width, depth: 3 }, seed, checkpointEvery: 0 });
  const groups = distillGroups(real, false, config.ipc);
  const scale = signalScale(real.x);
  let started = 0;
  let cpuStarted = 0;
  await runMatching(real, groups, config, initialMatchingState(real, groups, config, scale).state, scale, {
    onProgress: (p) => {
      if (p.iteration === warmup) {
        started = performance.now();
        cpuStarted = cpuMs();
      }
    },
  });
  return { rate: timed / ((performance.now() - started) / 1000), cpuMs: (cpuMs() - cpuStarted) / timed };
}

/** PyTorch's rate for the same shapes, one thread, at its best (tuned.py), or why it cannot run. */
function torchRate(real: RealSet, shape: SpeedShape, alpha: number, warmup: number, timed: number): (Rate & { torch: string }) | { skipped: string } {
  const pool = Math.min(...Array.from({ length: real.classes.length }, (_, k) => real.labels.filter((l) => l === k).length));
  const args = [
    TORCH_SCRIPT, REFERENCE_DIR, '--threads', '1', '--classes', String(real.classes.length), '--length', String(real.length), '--pool', String(pool),
    '--ipc', String(shape.ipc), '--batch-real', String(shape.batchReal), '--width', String(shape.width), '--depth', '3', '--alpha', String(alpha),
    '--iterations', String(timed), '--warmup', String(warmup), '--seed', String(seed),
  ];
  const env = referenceEnv(1, 'tuned');
  const run = spawnSync(PYTHON, args, { encoding: 'utf8', env });
  if (run.error) return { skipped: `${PYTHON} cannot run: ${run.error.message}` };
  if (run.status !== 0) return { skipped: `distill_torch.py failed: ${run.stderr.trim().split('\n').at(-1)}` };
  const doc = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { iterations_per_s: number; cpu_ms_per_iteration: number; torch: string };
  return { rate: doc.iterations_per_s, cpuMs: doc.cpu_ms_per_iteration, torch: doc.torch };
}

/** Alternating paired runs of PyTorch and us, so drift in the machine's speed hits both alike. */
async function speedComparison(real: RealSet, shape: SpeedShape, repeats: number, timed: number): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = { ...shape, timed_iterations: timed, warmup_iterations: 3 };
  for (const [name, alpha] of [['dm', 0], ['mdm', 1]] as const) {
    const ours: Rate[] = [];
    const theirs: Rate[] = [];
    const loads: number[] = [];
    let torchVersion = '';
    let skipped: string | undefined;
    for (let r = 0; r < repeats; r++) {
      loads.push(loadavg()[0]!);
      if (skipped === undefined) {
        const t = torchRate(real, shape, alpha, 3, timed);
        if ('skipped' in t) skipped = t.skipped;
        else {
          theirs.push(t);
          torchVersion = t.torch;
        }
      }
      ours.push(await ourRate(real, shape, alpha, 3, timed));
      const [o, t] = [ours.at(-1)!, theirs.at(-1)];
      log(`speed ${name} width ${shape.width} repeat ${r + 1}: ours ${o.rate.toFixed(2)} it/s ${o.cpuMs.toFixed(0)} CPU-ms/it, torch ${t?.rate.toFixed(2) ?? '-'} it/s ${t?.cpuMs.toFixed(0) ?? '-'} CPU-ms/it (load ${loads.at(-1)!.toFixed(2)})`);
    }
    const rates = (side: Rate[]) => side.map((v) => v.rate);
    const cpu = (side: Rate[]) => side.map((v) => v.cpuMs);
    result[name] = {
      load_average_per_repeat: loads.map((v) => round(v, 2)),
      ours_iterations_per_s: round(median(rates(ours)), 3),
      ours_per_repeat: rates(ours).map((v) => round(v, 3)),
      ours_cpu_ms_per_iteration: round(median(cpu(ours)), 1),
      ours_cpu_ms_per_repeat: cpu(ours).map((v) => round(v, 1)),
      ...(skipped !== undefined
        ? { torch: { skipped } }
        : {
            torch: torchVersion,
            torch_iterations_per_s: round(median(rates(theirs)), 3),
            torch_per_repeat: rates(theirs).map((v) => round(v, 3)),
            torch_cpu_ms_per_iteration: round(median(cpu(theirs)), 1),
            torch_cpu_ms_per_repeat: cpu(theirs).map((v) => round(v, 1)),
            ratio: round(median(rates(ours)) / median(rates(theirs)), 2),
            ratio_per_repeat: ours.map((v, i) => round(v.rate / theirs[i]!.rate, 2)),
            // their CPU time over ours: above 1 we do the iteration with less work
            cpu_ratio: round(median(cpu(theirs)) / median(cpu(ours)), 2),
            cpu_ratio_per_repeat: ours.map((v, i) => round(theirs[i]!.cpuMs / v.cpuMs, 2)),
          }),
    };
  }
  return result;
}

function summarise(scores: ArchitectureScore[]): Record<string, unknown> {
  return Object.fromEntries(
    scores.map((s) => [
      s.arch,
      {
        optimizer: s.optimizer,
        learning_rate: s.learningRate,
        mean: round(s.mean),
        std: round(s.std),
        runs: s.runs.map((r) => round(r.accuracy)),
        per_snr: s.perSnr.map((p) => ({ snr: p.snr, mean: round(p.mean), std: round(p.std) })),
        train_seconds: round(s.runs.reduce((a, r) => a + r.seconds, 0), 1),
      },
    ]),
  );
}

const report = await initBackend({ force: 'wasm' });
const { train, test } = generatedSplit();
const scale = signalScale(train.x);
const embedderWidth = resolveDistillConfig({ method: 'dm', ipc: 1 }).embedder.width;
// the distillation ConvNet is evaluated at the width it was distilled with
const archs: EvaluationArch[] = archNames.map((arch) => (arch === 'convnet' ? { arch, options: { width: embedderWidth, depth: 3 } } : { arch }));
const doc: Record<string, unknown> = {
  bench: 'distill',
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, load_average_at_start: loadavg().map((v) => round(v, 2)) },
  backend: report.chosen,
  data: { preset: 'rml2016', classes: train.classes.length, snrs, per_key: perKey, train: train.labels.length, test: test.labels.length, seed, rms: round(scale, 6) },
  distill_defaults: { ...resolveDistillConfig({ method: 'mdm', ipc: 1, iterations, ...options, ...(learningRate !== undefined ? { learningRate } : {}), seed }), ipc: undefined, method: undefined, learningRate: learningRate ?? 'cpu preset: 0.01 × ipc', augment: augment ?? "the method's default: MDM orbit, DM none" },
  evaluation: { ...recipe, archs, upper_bound_epochs: upperEpochs, optimizer: 'sgd; Adam at recurrentLearningRate for ' + [...recurrentEvaluators].join(', '), schedule: 'lr ÷ 10 halfway', inputs: 'scaled to unit RMS' },
};
const save = () => {
  if (out) writeFileSync(out, JSON.stringify(doc, null, 2));
};

if (!flags['skip-speed']) {
  const repeats = num('speed-repeats', 3);
  const timed = num('speed-iterations', 20);
  doc.speed = {
    torch_environment: referenceEnv(1, 'tuned'),
    cpu_defaults: await speedComparison(train, { ipc: 10, batchReal: 64, width: 64 }, repeats, timed),
    ...(flags['skip-reference-shape'] ? {} : { reference_shape: await speedComparison(train, { ipc: 10, batchReal: 256, width: 128 }, 1, Math.max(3, Math.round(timed / 4))) }),
    load_average_after: loadavg().map((v) => round(v, 2)),
  };
  save();
}

if (!flags['skip-grid']) {
  const grid: Record<string, Record<string, unknown>> = {};
  doc.grid = grid;
  const trainSource = (x: Float32Array, labels: Int32Array, snr: Float32Array) => arraySource(x, labels, 128, snr);
  const testSource = trainSource(test.x, test.labels, test.snr);
  if (!flags['skip-upper']) {
    log(`upper bound: ${train.labels.length} training signals, ${upperEpochs} epochs × ${recipe.runs} runs per architecture`);
    const upper = await evaluateOnArchitectures(trainSource(train.x, train.labels, train.snr), testSource, train.classes, archs, { ...recipe, epochs: upperEpochs }, scale, {
      onRun: (arch, run, s) => log(`upper bound ${arch} run ${run + 1}: ${(100 * s.accuracy).toFixed(1)} % (${s.seconds.toFixed(0)} s)`),
    });
    doc.upper_bound = summarise(upper);
    save();
  }
  for (const ipc of ipcs) {
    grid[`ipc${ipc}`] = {};
    for (const method of methods) {
      const config: DistillConfig = resolveDistillConfig({ method, ipc, iterations, ...options, ...(learningRate !== undefined ? { learningRate } : {}), seed, checkpointEvery: 0 });
      const started = performance.now();
      const set = await distillDataset(train, config, {
        onProgress: (p) => {
          if (p.iteration % 50 === 0) log(`ipc ${ipc} ${method}: iteration ${p.iteration}/${p.iterations}, L_TD ${p.lossTime.toFixed(2)}, L_FD ${p.lossFrequency.toFixed(2)}, ${p.iterationsPerSecond.toFixed(2)} it/s`);
        },
      });
      const distillSeconds = (performance.now() - started) / 1000;
      const scores = await evaluateOnArchitectures(trainSource(set.x, set.labels, set.snr), testSource, train.classes, archs, recipe, scale, {
        onRun: (arch, run, s) => log(`ipc ${ipc} ${method} ${arch} run ${run + 1}: ${(100 * s.accuracy).toFixed(1)} % (${s.seconds.toFixed(0)} s)`),
      });
      const history = set.history;
      const suffixes = isMatchingMethod(method) ? [config.augment !== 'none' ? config.augment : '', embedderArch !== 'convnet' ? embedderArch : ''] : [];
      if (perSnr) suffixes.push('per-snr');
      const key = [method, ...suffixes.filter(Boolean)].join('+');
      grid[`ipc${ipc}`]![key] = {
        distill_seconds: round(distillSeconds, 1),
        iterations: set.iterationsDone,
        ...(isMatchingMethod(method) ? { learning_rate: config.learningRate, augment: config.augment, embedder: config.embedder } : {}),
        per_snr: config.perSnr,
        signals: set.labels.length,
        ...(history.length > 0 ? { loss_first: history[0], loss_last: history.at(-1) } : {}),
        load_average: loadavg().map((v) => round(v, 2)),
        accuracy: summarise(scores),
      };
      save();
    }
  }
}
doc.tensors_left = tf.memory().numTensors;
doc.load_average_at_end = loadavg().map((v) => round(v, 2));
save();
console.log(JSON.stringify(doc, null, 2));
