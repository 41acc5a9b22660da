// Training and inference throughput of VT-CNN2 and ResNet1D-20 (model zoo definitions) on the
// chosen TF.js backend, next to PyTorch CPU on the same data shape, batch and thread count
// (shared/reference/bench_torch.py, run when it and torch exist). Prints one JSON document.
// --models lstm2,gru2 measures the recurrent models too, against bench/torch_recurrent.py, and
// --models avgnet AVGNet against bench/torch_avgnet.py (bench/avgnet.ts compares its adjacency forms).
//
//   node --import ./bin/register-ts.mjs bench/train.ts [--n 4096] [--epochs 2] [--batch 256]
//        [--repeats 3] [--threads 1] [--models vtcnn2,resnet1d20] [--backend wasm]
// --threads N trains and infers data-parallel on N threads and gives PyTorch the same N threads.
// Every figure is the median over --repeats runs, because the machine may be shared; the repeats
// alternate between PyTorch and us, and train_ratio_per_repeat pairs runs made back to back.
// --n and --epochs default to bench_torch.py's own (4096, 2): its warm-up is one epoch, and a
// fresh TF.js model needs more than the 4 steps of a 1024-sample epoch to get its JavaScript
// compiled (ResNet1D-20 at two threads, three runs: steps 4–11 of a fresh runner took 96–154 ms,
// mean 122; steps 12–33 mean 92), so smaller runs time our warm-up, which a training run pays once.
// Quote the default pair of models: bench_torch.py warms up on VT-CNN2 before ResNet1D-20 in one
// process; asked for ResNet1D-20 alone it times it cold (measured at two threads: 1,042–1,484
// samples/s alone, 1,877–2,278 after VT-CNN2), which flatters our ratio.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from '../src/main/cli/args.ts';
import { initBackend, parseBackendName } from '../src/main/engine/ml/backend/index.ts';
import { measureThroughput, median, type Throughput } from './throughput.ts';
import { sharedPath } from '../test/helpers/shared-folder.ts';

const REFERENCE_DIR = sharedPath('reference');
const TORCH_BENCH = join(REFERENCE_DIR, 'bench_torch.py');
const TORCH_RECURRENT = join(import.meta.dirname, 'torch_recurrent.py');
const TORCH_AVGNET = join(import.meta.dirname, 'torch_avgnet.py');
/** Models bench_torch.py defines; the others come from torch_recurrent.py. */
const REFERENCE_MODELS = new Set(['vtcnn2', 'resnet1d20']);
const PYTHON = '/usr/bin/python3';
const CLASSES = 11;
const LENGTH = 128;

const { flags } = parseArgs(process.argv.slice(2), { backend: 'value', models: 'value', batch: 'value', epochs: 'value', n: 'value', repeats: 'value', threads: 'value' }, 'bench:train');
const num = (name: string, fallback: number) => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
const n = num('n', 4096);
const epochs = num('epochs', 2);
const batch = num('batch', 256);
const repeats = num('repeats', 3);
const THREADS = num('threads', 1);
const models = (typeof flags.models === 'string' ? flags.models : 'vtcnn2,resnet1d20').split(',');
const force = typeof flags.backend === 'string' ? parseBackendName(flags.backend, '--backend') : undefined;

const round1 = (x: number) => Math.round(x * 10) / 10;
type Figures = Throughput;

function medians(runs: Figures[]): Figures {
  return {
    train_samples_per_s: round1(median(runs.map((r) => r.train_samples_per_s))),
    infer_samples_per_s: round1(median(runs.map((r) => r.infer_samples_per_s))),
    train_samples_per_cpu_s: round1(median(runs.map((r) => r.train_samples_per_cpu_s))),
    params: runs[0]!.params,
  };
}

type TorchFigures = Record<string, { train_samples_per_s: number; infer_samples_per_s: number; params: number }>;

/** One run of the PyTorch benches our models need (merged), or why they cannot run here. */
function torchOnce(): { figures: TorchFigures; version: string } | { skipped: string } {
  if (!existsSync(TORCH_BENCH)) return { skipped: `${TORCH_BENCH} not found` };
  const common = ['--threads', String(THREADS), '--batch', String(batch), '--n', String(n), '--epochs', String(epochs)];
  const scripts: [string, string[], string[]][] = [
    [TORCH_BENCH, [], models.filter((m) => REFERENCE_MODELS.has(m))],
    [TORCH_RECURRENT, [REFERENCE_DIR], models.filter((m) => !REFERENCE_MODELS.has(m) && m !== 'avgnet')],
    [TORCH_AVGNET, ['--reference', REFERENCE_DIR], models.filter((m) => m === 'avgnet')],
  ];
  let figures: TorchFigures = {};
  let version = '';
  for (const [script, leading, wanted] of scripts) {
    if (wanted.length === 0) continue;
    const out = spawnSync(PYTHON, [script, ...leading, ...common, '--models', wanted.join(',')], { encoding: 'utf8' });
    if (out.error) return { skipped: `${PYTHON} cannot run: ${out.error.message}` };
    if (out.status !== 0) return { skipped: `${script} failed: ${out.stderr.trim().split('\n').at(-1)}` };
    const doc = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    figures = { ...figures, ...(doc as TorchFigures) };
    version = String(doc.torch);
  }
  return { figures, version };
}

const report = await initBackend(force ? { force } : {});
// Repeats alternate between PyTorch and us, so drift in this machine's speed hits both alike.
const runs: Record<string, Figures[]> = Object.fromEntries(models.map((arch) => [arch, []]));
const torchRuns: TorchFigures[] = [];
let torchVersion = '';
let torchSkipped: string | undefined;
for (let r = 0; r < repeats; r++) {
  if (torchSkipped === undefined) {
    const t = torchOnce();
    if ('skipped' in t) torchSkipped = t.skipped;
    else {
      torchRuns.push(t.figures);
      torchVersion = t.version;
    }
  }
  for (const arch of models) runs[arch]!.push(await measureThroughput({ arch, classes: CLASSES, length: LENGTH, n, epochs, batch, threads: THREADS, seed: 7 + r }));
}
const ours: Record<string, Figures> = Object.fromEntries(models.map((arch) => [arch, medians(runs[arch]!)]));
const torch: { figures: TorchFigures[]; version: string } | { skipped: string } =
  torchSkipped !== undefined ? { skipped: torchSkipped } : { figures: torchRuns, version: torchVersion };

const comparison: Record<string, unknown> = {};
if ('figures' in torch) {
  for (const arch of models) {
    const train = median(torch.figures.map((f) => f[arch]!.train_samples_per_s));
    const infer = median(torch.figures.map((f) => f[arch]!.infer_samples_per_s));
    comparison[arch] = {
      torch_train_samples_per_s: round1(train),
      torch_infer_samples_per_s: round1(infer),
      train_ratio: Math.round((ours[arch]!.train_samples_per_s / train) * 100) / 100,
      // ours / PyTorch within each repeat, the two measured back to back
      train_ratio_per_repeat: torch.figures.map((f, r) => Math.round((runs[arch]![r]!.train_samples_per_s / f[arch]!.train_samples_per_s) * 100) / 100),
      infer_ratio: Math.round((ours[arch]!.infer_samples_per_s / infer) * 100) / 100,
    };
  }
}

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
      statistic: 'median over repeats',
      tfjs: ours,
      torch: 'figures' in torch ? { version: torch.version, ...comparison } : torch,
    },
    null,
    2,
  ),
);
