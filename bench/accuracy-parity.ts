// Accuracy parity with the PyTorch reference: the same recipe (train_ref.py for ResNet1D-20,
// train_torch.py for VT-CNN2) on the same RML2016 pickle and the same DeepSig split, ours next to
// theirs in one run. Prints one JSON document.
//
//   node --import ./bin/register-ts.mjs bench/accuracy-parity.ts --pickle FILE
//        [--model resnet1d20|vtcnn2] [--epochs 10] [--seeds 2016,1,2] [--threads 2] [--init torch-default|zoo]
//        [--no-reference]
//
// The pickle goes through importFile into a temporary project, like a user's import. The split is
// rebuilt in TypeScript and, when numpy is there, checked index for index against numpy's.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from '../src/main/cli/args.ts';
import { initBackend } from '../src/main/engine/ml/backend/index.ts';
import { deepsigSplit } from '../src/main/engine/ml/parity/deepsig-split.ts';
import { getReferenceRecipe } from '../src/main/engine/ml/parity/reference-recipe.ts';
import { runRecipe, type RecipeScore } from '../src/main/engine/ml/parity/run-recipe.ts';
import { importStacked } from './stacked-pickle.ts';
import { sharedPath } from '../test/helpers/shared-folder.ts';

const PYTHON = '/usr/bin/python3';
const REFERENCE_DIR = sharedPath('reference');
const REFERENCE_RESULTS = join(REFERENCE_DIR, 'results.json');

const { flags } = parseArgs(process.argv.slice(2), { pickle: 'value', model: 'value', epochs: 'value', seeds: 'value', threads: 'value', init: 'value', 'no-reference': 'switch' }, 'bench:accuracy-parity');
const pickle = typeof flags.pickle === 'string' ? resolve(flags.pickle) : '';
if (!pickle || !existsSync(pickle)) {
  console.error('usage: bench/accuracy-parity.ts --pickle FILE [--model resnet1d20|vtcnn2] [--epochs N] [--seeds a,b,c] [--threads 2]');
  process.exit(2);
}
const recipe = getReferenceRecipe(typeof flags.model === 'string' ? flags.model : 'resnet1d20');
const epochs = typeof flags.epochs === 'string' ? Number(flags.epochs) : recipe.epochs;
const seeds = (typeof flags.seeds === 'string' ? flags.seeds : '2016').split(',').map(Number);
const threads = typeof flags.threads === 'string' ? Number(flags.threads) : 2;
// Each recipe starts from its script's initialisation (reference-recipe.ts), unless asked.
const init = flags.init ?? recipe.init;
if (init !== 'zoo' && init !== 'torch-default') {
  console.error(`--init must be 'zoo' or 'torch-default', got '${String(init)}'`);
  process.exit(2);
}
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const log = (msg: string) => process.stderr.write(`${msg}\n`);

function pythonHas(module: string): boolean {
  return spawnSync(PYTHON, ['-c', `import ${module}`]).status === 0;
}

/** numpy's own indices for the notebook split, compared with ours. */
function checkSplitWithNumpy(n: number, train: Int32Array): string {
  if (!pythonHas('numpy')) return 'not checked: numpy not available';
  const code = `import numpy as np,sys\nnp.random.seed(2016)\nsys.stdout.write(','.join(map(str, np.random.choice(range(${n}), size=${n}//2, replace=False))))`;
  const out = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (out.status !== 0) return `not checked: numpy failed (${out.stderr.trim().split('\n').at(-1)})`;
  const theirs = out.stdout.split(',').map(Number);
  const same = theirs.length === train.length && theirs.every((v, i) => v === train[i]);
  if (!same) throw new Error(`DeepSig split differs from numpy's for n=${n}`);
  return 'identical to numpy';
}

interface ReferenceScore {
  seed: number;
  overall: number;
  snrGe0dB: number;
  perSnr: Record<string, number>;
  trainSamplesPerSecond: number;
}

/** Runs the reference script for one seed; null with a reason when it cannot run. */
function runReference(seed: number, perSnrCounts: Map<string, number>): ReferenceScore | string {
  const script = join(REFERENCE_DIR, recipe.script);
  if (flags['no-reference']) return 'skipped (--no-reference)';
  if (!existsSync(script)) return `${script} not found`;
  if (!pythonHas('torch')) return 'torch not importable by /usr/bin/python3';
  const args =
    recipe.script === 'train_ref.py'
      ? [script, pickle, '--model', recipe.model, '--epochs', String(epochs), '--batch', String(recipe.batchSize), '--lr', String(recipe.learningRate), '--threads', String(threads), '--seed', String(seed)]
      : [script, pickle, '--epochs', String(epochs), '--batch', String(recipe.batchSize), '--lr', String(recipe.learningRate), '--threads', String(threads)];
  log(`reference: ${PYTHON} ${args.join(' ')}`);
  const out = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 26, cwd: dirname(script) });
  if (out.status !== 0) return `${recipe.script} failed: ${out.stderr.trim().split('\n').at(-1)}`;
  // train_ref.py prints one JSON line; train_torch.py prints an indented document after per-epoch lines on stderr.
  const text = out.stdout.trim();
  const doc = JSON.parse(text.startsWith('{\n') ? text : text.split('\n').at(-1)!) as Record<string, unknown>;
  const perSnr = doc.per_snr_accuracy as Record<string, number>;
  // train_torch.py reports no ≥ 0 dB figure: weight its per-SNR accuracies by test counts.
  let high = doc['high_snr_accuracy(>=0dB)'] as number | undefined;
  if (high === undefined) {
    let hits = 0;
    let count = 0;
    for (const [s, a] of Object.entries(perSnr)) {
      if (Number(s) < 0) continue;
      hits += a * perSnrCounts.get(s)!;
      count += perSnrCounts.get(s)!;
    }
    high = hits / count;
  }
  return {
    seed: recipe.script === 'train_ref.py' ? seed : 2016,
    overall: doc.overall_test_accuracy as number,
    snrGe0dB: high,
    perSnr,
    trainSamplesPerSecond: (doc.train_samples_per_s ?? doc.train_samples_per_second) as number,
  };
}

/** The recorded means for this model from results.json, when it has them. */
function recordedReference(): Record<string, unknown> | null {
  const doc = JSON.parse(readFileSync(REFERENCE_RESULTS, 'utf8')) as Record<string, Record<string, unknown> | undefined>;
  const entry = doc[recipe.model];
  if (!entry) return null;
  return { sha256: doc.dataset?.sha256, recipe: entry.recipe, mean_overall: entry.mean_overall ?? entry.overall, mean_snr_ge_0dB: entry.mean_snr_ge_0dB ?? null };
}

const backend = await initBackend();
const { dataset: info, stacked } = await importStacked(pickle);
const split = deepsigSplit(stacked.count);
const splitCheck = checkSplitWithNumpy(stacked.count, split.train);
const perSnrCounts = new Map<string, number>();
for (const k of split.test) perSnrCounts.set(String(stacked.snr[k]), (perSnrCounts.get(String(stacked.snr[k])) ?? 0) + 1);
log(`${info.count} vectors, ${stacked.classes.length} classes, ${stacked.snrs.length} SNRs; split ${splitCheck}; backend ${backend.chosen}`);

const ours: RecipeScore[] = [];
const reference: ReferenceScore[] = [];
const referenceNotes: string[] = [];
for (const seed of seeds) {
  const score = await runRecipe(stacked, recipe, seed, {
    epochs,
    init,
    onEpoch: (m) => log(`ours seed ${seed} epoch ${m.epoch + 1}/${epochs}: loss ${m.loss.toFixed(4)} acc ${m.accuracy.toFixed(4)} (${m.seconds.toFixed(0)} s)`),
  });
  log(`ours seed ${seed}: overall ${score.overall.toFixed(4)}, >=0 dB ${score.snrGe0dB.toFixed(4)}, ${score.trainSamplesPerSecond.toFixed(1)} samples/s`);
  ours.push(score);
  // train_torch.py has one fixed seed: run it once.
  if (recipe.script === 'train_torch.py' && reference.length + referenceNotes.length > 0) continue;
  const ref = runReference(seed, perSnrCounts);
  if (typeof ref === 'string') referenceNotes.push(ref);
  else {
    log(`reference seed ${ref.seed}: overall ${ref.overall}, >=0 dB ${ref.snrGe0dB.toFixed(4)}, ${ref.trainSamplesPerSecond} samples/s`);
    reference.push(ref);
  }
}

const meanOf = (xs: { overall: number; snrGe0dB: number; trainSamplesPerSecond: number }[]) => ({
  overall: round4(mean(xs.map((x) => x.overall))),
  snr_ge_0dB: round4(mean(xs.map((x) => x.snrGe0dB))),
  train_samples_per_s: Math.round(mean(xs.map((x) => x.trainSamplesPerSecond)) * 10) / 10,
});
const oursMean = meanOf(ours);
const refMean = reference.length ? meanOf(reference) : null;
const points = (a: number, b: number) => Math.round((a - b) * 1000) / 10;
const snrKeys = stacked.snrs.map(String);
console.log(
  JSON.stringify(
    {
      data: {
        file: pickle,
        sha256: createHash('sha256').update(readFileSync(pickle)).digest('hex'),
        vectors: info.count,
        classes: stacked.classes,
        train: split.train.length,
        test: split.test.length,
        split: 'DeepSig notebook: mod-major stack, np.random.seed(2016) choice(n, n//2, replace=False)',
        split_check: splitCheck,
      },
      recipe: { ...recipe, epochs, threads_reference: threads },
      init,
      backend: backend.chosen,
      ours: {
        runs: ours.map((s) => ({ seed: s.seed, overall: round4(s.overall), snr_ge_0dB: round4(s.snrGe0dB), train_samples_per_s: Math.round(s.trainSamplesPerSecond * 10) / 10, train_seconds: Math.round(s.trainSeconds) })),
        mean: oursMean,
      },
      reference: refMean
        ? {
            script: recipe.script,
            runs: reference.map((s) => ({ seed: s.seed, overall: s.overall, snr_ge_0dB: round4(s.snrGe0dB), train_samples_per_s: s.trainSamplesPerSecond })),
            mean: refMean,
          }
        : { skipped: referenceNotes.join('; ') },
      // first seed of each side, ascending SNR
      per_snr: snrKeys.map((k) => ({
        snr: Number(k),
        ours: round4(ours[0]!.perSnr[k] ?? Number.NaN),
        reference: reference[0]?.perSnr[k] ?? null,
        difference_points: reference[0] ? points(ours[0]!.perSnr[k] ?? Number.NaN, reference[0].perSnr[k] ?? Number.NaN) : null,
      })),
      // what the reference gave when results.json was recorded, for context only
      recorded_reference: existsSync(REFERENCE_RESULTS) ? recordedReference() : null,
      difference_points: refMean
        ? {
            overall: points(oursMean.overall, refMean.overall),
            snr_ge_0dB: points(oursMean.snr_ge_0dB, refMean.snr_ge_0dB),
            within_2_points: Math.abs(oursMean.overall - refMean.overall) <= 0.02 && Math.abs(oursMean.snr_ge_0dB - refMean.snr_ge_0dB) <= 0.02,
            speed_ratio: Math.round((oursMean.train_samples_per_s / refMean.train_samples_per_s) * 100) / 100,
          }
        : null,
    },
    null,
    1,
  ),
);
