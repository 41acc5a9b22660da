// Training and inference throughput of VT-CNN2 and ResNet1D-20 (model zoo definitions) on the
// chosen TF.js backend, next to PyTorch CPU on the same data shape, batch and thread count
// (../shared/reference/bench_torch.py, run when it and torch exist). Prints one JSON document.
// --models lstm2,gru2 measures the recurrent models too, against bench/torch_recurrent.py, and
// --models avgnet AVGNet against bench/torch_avgnet.py (bench/avgnet.ts compares its adjacency forms).
//
//   node --import ./bin/register-ts.mjs bench/train.ts [--n 4096] [--epochs 2] [--batch 256]
//        [--repeats 3] [--threads 1] [--models vtcnn2,resnet1d20] [--backend wasm]
// --threads N trains and infers data-parallel on N threads and gives PyTorch the same N threads
// (OpenBLAS and OpenMP pinned too); a count the backend or the reference cannot honour is refused.
// PyTorch runs at its best (reference-process.ts: glibc keeps its memory) in every repeat, and
// with the default allocator in the first --default-repeats (1) as a second, labelled column.
// The JSON records the reference's environment, the CPU, the load average around each repeat and
// the minor page faults of each side.
// Every figure is the median over --repeats runs, because the machine may be shared; the repeats
// alternate between PyTorch and us, and train_ratio_per_repeat pairs runs made back to back.
// --n and --epochs default to bench_torch.py's own (4096, 2): its warm-up is one epoch, and a
// fresh TF.js model needs more than the 4 steps of a 1024-sample epoch to get its JavaScript
// compiled (ResNet1D-20 at two threads, three runs: steps 4–11 of a fresh runner took 96–154 ms,
// mean 122; steps 12–33 mean 92), so smaller runs time our warm-up, which a training run pays once.
// Quote the default pair of models: bench_torch.py warms up on VT-CNN2 before ResNet1D-20 in one
// process; asked for ResNet1D-20 alone it times it cold (measured at two threads: 1,042–1,484
// samples/s alone, 1,877–2,278 after VT-CNN2), which flatters our ratio.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from '../src/main/cli/args.ts';
import { initBackend, parseBackendName } from '../src/main/engine/ml/backend/index.ts';
import { isCoreBound } from '../src/main/engine/ml/train/data-parallel.ts';
import { measureThroughput, median, type Throughput } from './throughput.ts';
import { REFERENCE_DIR, loadAverage, machineRecord, referenceEnv, runReference, type Allocator, type ChildUsage } from './reference-process.ts';

const TORCH_BENCH = join(REFERENCE_DIR, 'bench_torch.py');
const TORCH_RECURRENT = join(import.meta.dirname, 'torch_recurrent.py');
const TORCH_AVGNET = join(import.meta.dirname, 'torch_avgnet.py');
/** Models bench_torch.py defines; the others come from torch_recurrent.py. */
const REFERENCE_MODELS = new Set(['vtcnn2', 'resnet1d20']);
const CLASSES = 11;
const LENGTH = 128;

const { flags } = parseArgs(
  process.argv.slice(2),
  { backend: 'value', models: 'value', batch: 'value', epochs: 'value', n: 'value', repeats: 'value', threads: 'value', 'default-repeats': 'value' },
  'bench:train',
);
const num = (name: string, fallback: number) => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
const n = num('n', 4096);
const epochs = num('epochs', 2);
const batch = num('batch', 256);
const repeats = num('repeats', 3);
const defaultRepeats = Math.min(num('default-repeats', 1), repeats);
const THREADS = num('threads', 1);
const models = (typeof flags.models === 'string' ? flags.models : 'vtcnn2,resnet1d20').split(',');
const force = typeof flags.backend === 'string' ? parseBackendName(flags.backend, '--backend') : undefined;

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
const refuse = (why: string): never => {
  process.stderr.write(`bench:train refused: ${why}\n`);
  process.exit(2);
};

type Figures = Throughput;

function medians(runs: Figures[]): Omit<Figures, 'minor_page_faults'> & { minor_page_faults_per_repeat: number[] } {
  return {
    train_samples_per_s: round1(median(runs.map((r) => r.train_samples_per_s))),
    infer_samples_per_s: round1(median(runs.map((r) => r.infer_samples_per_s))),
    infer_onnxruntime_samples_per_s: round1(median(runs.map((r) => r.infer_onnxruntime_samples_per_s))),
    train_samples_per_cpu_s: round1(median(runs.map((r) => r.train_samples_per_cpu_s))),
    minor_page_faults_per_repeat: runs.map((r) => r.minor_page_faults),
    params: runs[0]!.params,
  };
}

/** train_samples_per_cpu_s: by the process's CPU time (torch_recurrent.py reports it) */
type TorchModelFigures = { train_samples_per_s: number; infer_samples_per_s: number; params: number; train_samples_per_cpu_s?: number };
/** One run of the PyTorch benches our models need (merged), with the children's resource use. */
interface TorchRun {
  figures: Record<string, TorchModelFigures>;
  /** per script (bench_torch.py, torch_recurrent.py), its whole process: import, warm-up, timed epochs, inference */
  usage: Record<string, ChildUsage>;
  version: string;
}

/** One run of the reference with the given allocator, or why it cannot run here. */
function torchOnce(allocator: Allocator): TorchRun | { skipped: string } {
  if (!existsSync(TORCH_BENCH)) return { skipped: `${TORCH_BENCH} not found` };
  const common = ['--threads', String(THREADS), '--batch', String(batch), '--n', String(n), '--epochs', String(epochs)];
  const scripts: [string, string[], string[]][] = [
    [TORCH_BENCH, [], models.filter((m) => REFERENCE_MODELS.has(m))],
    [TORCH_RECURRENT, [REFERENCE_DIR], models.filter((m) => !REFERENCE_MODELS.has(m) && m !== 'avgnet')],
    [TORCH_AVGNET, ['--reference', REFERENCE_DIR], models.filter((m) => m === 'avgnet')],
  ];
  const run: TorchRun = { figures: {}, usage: {}, version: '' };
  for (const [script, leading, wanted] of scripts) {
    if (wanted.length === 0) continue;
    const out = runReference([script, ...leading, ...common, '--models', wanted.join(',')], referenceEnv(THREADS, allocator));
    if (!out.ok) return { skipped: out.why };
    const doc = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    if (doc.threads !== THREADS) refuse(`asked for ${THREADS} threads, PyTorch runs ${String(doc.threads)}`);
    for (const m of wanted) run.figures[m] = doc[m] as TorchModelFigures;
    run.usage[basename(script)] = out.usage;
    run.version = String(doc.torch);
  }
  return run;
}

if (!Number.isInteger(THREADS) || THREADS < 1) refuse(`--threads must be a whole number of at least 1, not ${String(flags.threads)}`);
if (THREADS > availableParallelism()) refuse(`--threads ${THREADS} is more than this machine's ${availableParallelism()} cores: both sides would time-slice`);
const report = await initBackend(force ? { force } : {});
if (THREADS > 1 && !isCoreBound(report.chosen)) refuse(`the ${report.chosen} backend runs on its device, not on ${THREADS} CPU threads`);

const loadAtStart = loadAverage();
// Repeats alternate between PyTorch and us, so drift in this machine's speed hits both alike.
const runs: Record<string, Figures[]> = Object.fromEntries(models.map((arch) => [arch, []]));
const torchRuns: Record<Allocator, TorchRun[]> = { tuned: [], default: [] };
let torchSkipped: string | undefined;
const repeatLog: Record<string, unknown>[] = [];
for (let r = 0; r < repeats; r++) {
  const loadBefore = loadAverage();
  const allocators: Allocator[] = r < defaultRepeats ? ['tuned', 'default'] : ['tuned'];
  for (const allocator of allocators) {
    if (torchSkipped !== undefined) break;
    const t = torchOnce(allocator);
    if ('skipped' in t) torchSkipped = t.skipped;
    else torchRuns[allocator].push(t);
  }
  for (const arch of models) runs[arch]!.push(await measureThroughput({ arch, classes: CLASSES, length: LENGTH, n, epochs, batch, threads: THREADS, seed: 7 + r }));
  repeatLog.push({ repeat: r, allocators_run: torchSkipped === undefined ? allocators : [], load_average_before: loadBefore, load_average_after: loadAverage() });
}

const ours = Object.fromEntries(models.map((arch) => [arch, medians(runs[arch]!)]));
const perRepeat = (arch: string, key: 'train_samples_per_s' | 'infer_samples_per_s', reference: TorchRun[]) =>
  reference.map((f, r) => round2(runs[arch]![r]![key] / f.figures[arch]![key]));

function referenceColumn(reference: TorchRun[], arch: string) {
  const train = median(reference.map((f) => f.figures[arch]!.train_samples_per_s));
  const infer = median(reference.map((f) => f.figures[arch]!.infer_samples_per_s));
  return {
    train_samples_per_s: round1(train),
    infer_samples_per_s: round1(infer),
    // ours / PyTorch within each repeat, the two measured back to back
    train_ratio: round2(ours[arch]!.train_samples_per_s / train),
    train_ratio_per_repeat: perRepeat(arch, 'train_samples_per_s', reference),
    infer_ratio: round2(ours[arch]!.infer_samples_per_s / infer),
    infer_ratio_per_repeat: perRepeat(arch, 'infer_samples_per_s', reference),
    // evaluations score through onnxruntime (src/main/engine/export/onnx-inference.ts)
    infer_onnxruntime_ratio: round2(ours[arch]!.infer_onnxruntime_samples_per_s / infer),
    infer_onnxruntime_ratio_per_repeat: reference.map((f, r) => round2(runs[arch]![r]!.infer_onnxruntime_samples_per_s / f.figures[arch]!.infer_samples_per_s)),
    // both sides by their own process's CPU time, which the machine's load does not inflate
    ...(reference.every((f) => f.figures[arch]!.train_samples_per_cpu_s !== undefined)
      ? {
          train_samples_per_cpu_s: round1(median(reference.map((f) => f.figures[arch]!.train_samples_per_cpu_s!))),
          train_cpu_ratio_per_repeat: reference.map((f, r) => round2(runs[arch]![r]!.train_samples_per_cpu_s / f.figures[arch]!.train_samples_per_cpu_s!)),
        }
      : {}),
  };
}

const torch =
  torchSkipped !== undefined
    ? { skipped: torchSkipped }
    : {
        version: torchRuns.tuned[0]!.version,
        environment: { fair: referenceEnv(THREADS, 'tuned'), default_allocator: referenceEnv(THREADS, 'default') },
        fair: Object.fromEntries(models.map((arch) => [arch, referenceColumn(torchRuns.tuned, arch)])),
        default_allocator:
          torchRuns.default.length > 0 ? Object.fromEntries(models.map((arch) => [arch, referenceColumn(torchRuns.default, arch)])) : 'not run (--default-repeats 0)',
        usage: { fair: torchRuns.tuned.map((t) => t.usage), default_allocator: torchRuns.default.map((t) => t.usage) },
      };

console.log(
  JSON.stringify(
    {
      backend: report.chosen,
      backend_detail: report.backends.find((b) => b.name === report.chosen)!.detail,
      threads: THREADS,
      batch,
      n,
      epochs,
      repeats,
      default_allocator_repeats: defaultRepeats,
      statistic: 'median over repeats',
      machine: machineRecord(),
      load_average_at_start: loadAtStart,
      load_average_at_end: loadAverage(),
      repeats_log: repeatLog,
      tfjs: ours,
      torch,
    },
    null,
    2,
  ),
);
