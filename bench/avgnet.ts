// AVGNet against the CNN baselines (VT-CNN2, ResNet1D-20) on one generated RML2016-style split,
// each trained with its own recipe (at one batch for all: SHORT_RUN_BATCH) and the epoch chosen
// on the validation split; then AVGNet's training and inference samples/s against its PyTorch
// reference (bench/torch_avgnet.py) at the same batch and threads, in the same run, repeats
// alternating between the two sides. The reference is timed in each of its adjacency forms and
// the fastest one counts. Training is compared by the wall clock and by each process's own CPU
// time (train_cpu_ratio_per_repeat): on a shared machine the wall clock of either side also counts
// its waits for a core. Prints one JSON document, with the machine, the load average before and
// after each part, and every seed.
//
// Accuracy is repeated over --train-seeds (initialisation and batch order; --seed fixes the data
// and the split) and given as mean ± sample standard deviation. Every epoch of every run writes one
// JSON line to stderr with its validation loss and its test accuracy, and every finished run one
// line with its result: a run stopped early still leaves the figures of the epochs it finished,
// and runs with other training seeds on the same data can be made in parallel and pooled.
//
// --normalisation unit-power scales each vector to unit power instead of RML2016's L1 (values of
// variance ≈ 4e-5): at that scale VT-CNN2 at batch 128 still gave the uniform answer (validation
// loss ln 11) after 75 steps, so short runs of the baselines learn only from unit-power vectors.
//
//   node --import ./bin/register-ts.mjs bench/avgnet.ts [--per-key 20] [--epochs 10] [--seed 2016] [--normalisation rml-l1|unit-power]
//        [--train-seeds 2016,2017,2018] [--threads 1] [--models avgnet,vtcnn2,resnet1d20] [--throughput-n 512] [--throughput-epochs 1]
//        [--repeats 2] [--skip-accuracy] [--skip-throughput]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { numberFlag, parseArgs } from '../src/main/cli/args.ts';
import { writeGeneratedDataset } from '../src/main/engine/dsp/synth/write.ts';
import { initBackend } from '../src/main/engine/ml/backend/index.ts';
import { evaluateModel } from '../src/main/engine/ml/eval/evaluate.ts';
import { avgnetRecipe } from '../src/main/engine/ml/models/avgnet.ts';
import { countMacs, countParams } from '../src/main/engine/ml/models/complexity.ts';
import { buildModel } from '../src/main/engine/ml/models/registry.ts';
import { referenceRecipes } from '../src/main/engine/ml/parity/reference-recipe.ts';
import { resolveTrainConfig, type TrainConfig } from '../src/main/engine/ml/train/config.ts';
import { storeSource } from '../src/main/engine/ml/train/data.ts';
import { trainModel } from '../src/main/engine/ml/train/trainer.ts';
import { openProject } from '../src/main/engine/store/project.ts';
import { PYTHON, REFERENCE_DIR, referenceEnv } from './reference-process.ts';
import { measureThroughput, median, type Throughput } from './throughput.ts';

const TORCH_AVGNET = join(import.meta.dirname, 'torch_avgnet.py');
const ADJACENCY_FORMS = ['skew', 'diag-embed', 'band'] as const;
const SNRS = Array.from({ length: 20 }, (_, k) => -20 + 2 * k);
const LENGTH = 128;

const args = parseArgs(
  process.argv.slice(2),
  { 'per-key': 'value', epochs: 'value', normalisation: 'value', seed: 'value', threads: 'value', models: 'value', 'throughput-n': 'value', 'throughput-epochs': 'value', repeats: 'value', 'train-seeds': 'value', 'skip-accuracy': 'switch', 'skip-throughput': 'switch' },
  'bench:avgnet',
);
const { flags } = args;
const num = (name: string, fallback: number) => numberFlag(args, name, fallback);
const perKey = num('per-key', 20);
const epochs = num('epochs', 10);
const seed = num('seed', 2016);
const threads = num('threads', 1);
const throughputN = num('throughput-n', 512);
const throughputEpochs = num('throughput-epochs', 1);
const repeats = num('repeats', 2);
const trainSeeds = typeof flags['train-seeds'] === 'string' ? flags['train-seeds'].split(',').map(Number) : [seed];
if (trainSeeds.some((s) => !Number.isInteger(s))) throw new Error(`bench:avgnet: --train-seeds must be whole numbers, got ${String(flags['train-seeds'])}`);
const NORMALISATIONS = ['rml-l1', 'unit-power'] as const;
const normalisation = (typeof flags.normalisation === 'string' ? flags.normalisation : 'rml-l1') as (typeof NORMALISATIONS)[number];
if (!NORMALISATIONS.includes(normalisation)) throw new Error(`bench:avgnet: --normalisation must be one of ${NORMALISATIONS.join(', ')}, got ${normalisation}`);
const models = (typeof flags.models === 'string' ? flags.models : 'avgnet,vtcnn2,resnet1d20').split(',');

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const load = () => loadavg().map((v) => round(v, 2));

/**
 * The batch each model trains with here. The reference batches (ResNet1D-20 256, VT-CNN2 1,024) are
 * sized for RML2016.10a's 132,000 training vectors, hundreds of steps an epoch; on a few thousand
 * generated vectors they give 2–20. VT-CNN2 then stays at chance, and ResNet1D-20 predicts one class
 * in inference mode: its moving variances start at 1 and keep 0.9 of themselves per step, against
 * inputs of variance ≈ 4e-5, so they need ≈ 110 steps to forget the 1 (after 21 steps the stem's is
 * 0.109, 3,000× its data's). All three take AVGNet's reference batch, 128: the same steps each.
 */
const SHORT_RUN_BATCH: Readonly<Record<string, number>> = { avgnet: 128, vtcnn2: 128, resnet1d20: 128 };

/** The batch a model's own recipe names: AVGNet's authors' or the reference script's. */
function referenceBatch(arch: string): number {
  return arch === 'avgnet' ? avgnetRecipe.batchSize! : referenceRecipes[arch as keyof typeof referenceRecipes].batchSize;
}

/** Each model's recipe at the short-run batch, the epoch count shared, the epoch chosen on validation loss (no early stop). */
function recipeFor(arch: string, runSeed: number): TrainConfig {
  const base = arch === 'avgnet'
    ? avgnetRecipe
    : (({ learningRate, epsilon }) => ({ learningRate, epsilon, optimizer: 'adam' as const, schedule: { kind: 'constant' as const } }))(referenceRecipes[arch as keyof typeof referenceRecipes]);
  const batchSize = SHORT_RUN_BATCH[arch];
  if (batchSize === undefined) throw new Error(`bench:avgnet: no short-run batch for model '${arch}' (known: ${Object.keys(SHORT_RUN_BATCH).join(', ')})`);
  return resolveTrainConfig({ ...base, batchSize, epochs, seed: runSeed, threads, earlyStopping: null });
}

type Source = ReturnType<typeof storeSource>;

/** Trains one model with one seed and scores it on the test split. */
async function trainAndScore(arch: string, runSeed: number, classes: string[], train: Source, val: Source, test: Source): Promise<Record<string, unknown>> {
  const config = recipeFor(arch, runSeed);
  const loadBefore = load();
  const model = buildModel({ arch, numClasses: classes.length, length: LENGTH }, { seed: runSeed });
  const score = () => {
    const report = evaluateModel(model, test, classes, config.batchSize);
    const from = (minSnr: number) => {
      const kept = report.perSnr.filter((s) => s.snr >= minSnr);
      return round(kept.reduce((n, s) => n + s.accuracy * s.count, 0) / kept.reduce((n, s) => n + s.count, 0), 4);
    };
    return [report, { accuracy: round(report.accuracy, 4), accuracy_snr_ge_0: from(0), accuracy_snr_ge_10: from(10) }] as const;
  };
  const started = performance.now();
  const trained = await trainModel(model, { train, val }, config, {
    onEpochEnd: (state) => {
      console.error(JSON.stringify({ arch, seed: runSeed, epoch: state.epochsDone - 1, val_loss: state.history.at(-1)!.valLoss, test: score()[1], load: load(), at: new Date().toISOString() }));
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const [report, accuracies] = score();
  const run = {
    seed: runSeed,
    params: countParams(model),
    macs_per_sample: countMacs(model),
    recipe: { batch: config.batchSize, reference_batch: referenceBatch(arch), steps_per_epoch: Math.ceil(train.count / config.batchSize), learning_rate: config.learningRate, schedule: config.schedule, epochs: config.epochs, selection: 'lowest validation loss' },
    best_epoch: trained.bestEpoch,
    ...accuracies,
    accuracy_by_snr: Object.fromEntries(report.perSnr.map((s) => [s.snr, round(s.accuracy, 4)])),
    train_samples_per_s: round(trained.samplesPerSecond, 1),
    train_wall_s_with_evaluations: round(seconds, 1),
    history: trained.history.map((h) => ({ epoch: h.epoch, loss: round(h.loss, 4), val_loss: h.valLoss === null ? null : round(h.valLoss, 4), val_accuracy: h.valAccuracy === null ? null : round(h.valAccuracy, 4) })),
    load_before: loadBefore,
    load_after: load(),
  };
  model.dispose();
  return run;
}

/** Mean and sample standard deviation (0 for one run) of each accuracy over the seeds. */
function summarise(runs: Record<string, unknown>[]): Record<string, unknown> {
  const stat = (key: string) => {
    const xs = runs.map((r) => r[key] as number);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
    return { mean: round(mean, 4), std: round(std, 4) };
  };
  return { seeds: runs.map((r) => r.seed), accuracy: stat('accuracy'), accuracy_snr_ge_0: stat('accuracy_snr_ge_0'), accuracy_snr_ge_10: stat('accuracy_snr_ge_10'), params: runs[0]?.params, macs_per_sample: runs[0]?.macs_per_sample };
}

async function accuracyStudy(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'amr-bench-avgnet-'));
  try {
    const store = openProject(join(dir, 'bench.amrproj'), { create: true });
    const dataset = await writeGeneratedDataset(store, { preset: 'rml2016', snrs: SNRS, perKey, length: LENGTH, seed, normalisation });
    const split = { train: 0.6, val: 0.2, test: 0.2, seed };
    store.assignSplits(dataset.id, split);
    const [train, val, test] = (['train', 'val', 'test'] as const).map((s) => storeSource(store, { datasetId: dataset.id, split: s }));
    const results: Record<string, unknown> = {};
    for (const arch of models) {
      const runs: Record<string, unknown>[] = [];
      for (const runSeed of trainSeeds) {
        const run = await trainAndScore(arch, runSeed, dataset.classes, train!, val!, test!);
        console.error(JSON.stringify({ arch, ...run }));
        runs.push(run);
      }
      results[arch] = { ...summarise(runs), runs };
    }
    store.close();
    return {
      dataset: { preset: 'rml2016', normalisation, classes: dataset.classes, snrs: SNRS, per_key: perKey, vectors: dataset.count, seed, split, train: train!.count, val: val!.count, test: test!.count },
      models: results,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type TorchRun = { train_samples_per_s: number; infer_samples_per_s: number; train_samples_per_cpu_s: number; params: number } | { skipped: string };

/** One timing of the reference in one adjacency form, in an environment of its own. */
function torchOnce(adjacency: string): TorchRun {
  if (!existsSync(join(REFERENCE_DIR, 'bench_torch.py'))) return { skipped: `${REFERENCE_DIR}/bench_torch.py not found` };
  const env = referenceEnv(threads, 'tuned');
  const args = [TORCH_AVGNET, '--reference', REFERENCE_DIR, '--threads', String(threads), '--batch', String(avgnetRecipe.batchSize), '--n', String(throughputN), '--epochs', String(throughputEpochs), '--adjacency', adjacency];
  const out = spawnSync(PYTHON, args, { encoding: 'utf8', env });
  if (out.error) return { skipped: `${PYTHON} cannot run: ${out.error.message}` };
  if (out.status !== 0) return { skipped: `torch_avgnet.py failed: ${out.stderr.trim().split('\n').at(-1)}` };
  return (JSON.parse(out.stdout.trim().split('\n').at(-1)!) as { avgnet: TorchRun }).avgnet;
}

async function throughputStudy(): Promise<Record<string, unknown>> {
  const ours: Throughput[] = [];
  const torch: Record<string, TorchRun>[] = [];
  const loads: number[][] = [load()];
  for (let r = 0; r < repeats; r++) {
    torch.push(Object.fromEntries(ADJACENCY_FORMS.map((form) => [form, torchOnce(form)])));
    ours.push(await measureThroughput({ arch: 'avgnet', classes: 11, length: LENGTH, n: throughputN, epochs: throughputEpochs, batch: avgnetRecipe.batchSize!, threads, seed: seed + r }));
    loads.push(load());
  }
  type Timed = Exclude<TorchRun, { skipped: string }>;
  const bestBy = (key: 'train_samples_per_s' | 'train_samples_per_cpu_s') => torch.map((run) => {
    const timed = Object.entries(run).filter((e): e is [string, Timed] => !('skipped' in e[1]));
    return timed.sort((a, b) => b[1][key] - a[1][key])[0];
  });
  const best = bestBy('train_samples_per_s');
  const bestCpu = bestBy('train_samples_per_cpu_s');
  const figures = {
    train_samples_per_s: round(median(ours.map((o) => o.train_samples_per_s)), 1),
    infer_samples_per_s: round(median(ours.map((o) => o.infer_samples_per_s)), 1),
    train_samples_per_cpu_s: round(median(ours.map((o) => o.train_samples_per_cpu_s)), 1),
    params: ours[0]!.params,
  };
  const comparison = best.every((b) => b !== undefined)
    ? {
      reference_form_per_repeat: best.map((b) => b![0]),
      torch_train_samples_per_s: round(median(best.map((b) => b![1].train_samples_per_s)), 1),
      train_ratio: round(figures.train_samples_per_s / median(best.map((b) => b![1].train_samples_per_s)), 2),
      train_ratio_per_repeat: best.map((b, r) => round(ours[r]!.train_samples_per_s / b![1].train_samples_per_s, 2)),
      infer_ratio_per_repeat: best.map((b, r) => round(ours[r]!.infer_samples_per_s / b![1].infer_samples_per_s, 2)),
      // by each process's own CPU time: what a shared machine's wait for a core does not distort
      reference_form_per_repeat_by_cpu: bestCpu.map((b) => b![0]),
      torch_train_samples_per_cpu_s: round(median(bestCpu.map((b) => b![1].train_samples_per_cpu_s)), 1),
      train_cpu_ratio_per_repeat: bestCpu.map((b, r) => round(ours[r]!.train_samples_per_cpu_s / b![1].train_samples_per_cpu_s, 2)),
    }
    : { skipped: Object.values(torch[0]!).find((t) => 'skipped' in t) };
  return {
    batch: avgnetRecipe.batchSize,
    n: throughputN,
    timed_epochs: throughputEpochs,
    repeats,
    statistic: 'median over repeats; ratios pair the runs of one repeat',
    ours: figures,
    ours_per_repeat: ours.map((o) => ({ train: round(o.train_samples_per_s, 1), infer: round(o.infer_samples_per_s, 1), train_per_cpu_s: round(o.train_samples_per_cpu_s, 1) })),
    torch_per_repeat: torch,
    torch_environment: referenceEnv(threads, 'tuned'),
    comparison,
    load_per_repeat: loads,
  };
}

const backend = await initBackend();
const torchVersion = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } }).stdout?.trim() || null;
const out: Record<string, unknown> = {
  bench: 'avgnet',
  backend: backend.chosen,
  threads,
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, torch: torchVersion },
  load_at_start: load(),
};
if (!flags['skip-accuracy']) out.accuracy = await accuracyStudy();
if (!flags['skip-throughput']) out.throughput = await throughputStudy();
out.load_at_end = load();
console.log(JSON.stringify(out, null, 2));
