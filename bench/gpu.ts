// Training and inference throughput of VT-CNN2 and ResNet1D-20 on the GPU backend this machine
// offers (webgpu through Dawn, or tensorflow through tfjs-node-gpu), next to PyTorch on CUDA in the
// same run when python3 has a CUDA-enabled torch (bench/torch_gpu.py), with the ratio. Needs only
// a GPU driver, Node and `npm ci`. Prints one JSON document.
//
//   npm run bench:gpu [-- --backend webgpu|tensorflow] [--batch 256] [--n 8192] [--epochs 3]
//        [--models vtcnn2,resnet1d20] [--fp32] [--python python3] [--allow-software]
//
// Both sides: Adam at lr 1e-3 on random data of the RML2016 shape (2 × 128, 11 classes), a warm-up
// epoch excluded, then --epochs timed epochs; inference times one pass over the n samples after an
// untimed one. Our training clock stops when the last step's loss has come back to this thread;
// PyTorch's after a device synchronise. PyTorch keeps its data on the GPU; ours uploads each batch
// from this thread's memory, as training from a project does. --fp32 turns PyTorch's TensorFloat-32
// off (ours computes in float32). --allow-software measures a software renderer (SwiftShader) too,
// to check the script end to end on a machine without a GPU; its figures say nothing about GPUs.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../src/main/cli/args.ts';
import { createRng } from '../src/main/engine/base/random.ts';
import { backendLadder, initBackend, parseBackendName, probeBackends } from '../src/main/engine/ml/backend/index.ts';
import { buildModel } from '../src/main/engine/ml/models/registry.ts';
import { startStepRunner } from '../src/main/engine/ml/train/data-parallel.ts';
import { makeTrainingOptimizer } from '../src/main/engine/ml/train/make-optimizer.ts';
import { trainableSize } from '../src/main/engine/ml/train/shard-gradients.ts';
import { tf } from '../src/main/engine/ml/tfjs.ts';
import type { BackendName, BackendReport } from '../src/shared/dto.ts';
import { referenceEnv } from './reference-process.ts';

const CLASSES = 11;
const LENGTH = 128;
/** Inference batches in flight before the oldest one's logits are awaited. */
const INFERENCE_WINDOW = 4;
const TORCH_SCRIPT = fileURLToPath(new URL('./torch_gpu.py', import.meta.url));

const { flags } = parseArgs(
  process.argv.slice(2),
  { backend: 'value', batch: 'value', n: 'value', epochs: 'value', models: 'value', python: 'value', fp32: 'switch', 'allow-software': 'switch' },
  'bench:gpu',
);
const num = (name: string, fallback: number) => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
const batch = num('batch', 256);
const n = num('n', 8192);
const epochs = num('epochs', 3);
const models = (typeof flags.models === 'string' ? flags.models : 'vtcnn2,resnet1d20').split(',');
const python = typeof flags.python === 'string' ? flags.python : 'python3';
const allowSoftware = flags['allow-software'] === true;

/** The GPU rung to measure, or why there is none. */
function gpuBackend(report: BackendReport, forced: BackendName | undefined): BackendName | string {
  const candidates = forced ? [forced] : (['tensorflow', 'webgpu'] as BackendName[]);
  for (const name of candidates) {
    const b = report.backends.find((s) => s.name === name)!;
    if (!b.available) continue;
    if (name === 'tensorflow' && !b.detail.includes('tfjs-node-gpu')) continue;
    if (b.adapter?.software && !allowSoftware) continue;
    return name;
  }
  return `no GPU backend: ${report.backends.map((b) => `${b.name}: ${b.verdict}`).join('; ')}`;
}

async function measure(arch: string): Promise<{ train_samples_per_s: number; infer_samples_per_s: number; params: number }> {
  const spec = { arch, numClasses: CLASSES, length: LENGTH };
  const model = buildModel(spec, { seed: 1 });
  const rng = createRng(1);
  const xs = Float32Array.from({ length: n * 2 * LENGTH }, () => rng.normal());
  const ys = Int32Array.from({ length: n }, () => rng.int(CLASSES));
  const optimizer = makeTrainingOptimizer(model, { optimizer: 'adam', learningRate: 1e-3 });
  const runner = await startStepRunner({ model, optimizer, length: LENGTH, numClasses: CLASSES, threads: 1, spec, seed: 1 });
  const slice = (i: number) => {
    const size = Math.min(batch, n - i);
    return { x: xs.subarray(i * 2 * LENGTH, (i + size) * 2 * LENGTH), y: ys.subarray(i, i + size), n: size };
  };
  const epoch = async () => {
    for (let i = 0; i < n; i += batch) await runner.queueStep(slice(i));
    const last = await runner.drain();
    if (last && !Number.isFinite(last.lossSum)) throw new Error(`${arch}: the loss is not finite`);
  };
  await epoch();
  let t = performance.now();
  for (let e = 0; e < epochs; e++) await epoch();
  const train = (n * epochs) / ((performance.now() - t) / 1000);
  const infer = async () => {
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < n; i += batch) {
      if (inFlight.length >= INFERENCE_WINDOW) await inFlight.shift();
      inFlight.push(runner.logits(slice(i)));
    }
    await Promise.all(inFlight);
  };
  await infer();
  t = performance.now();
  await infer();
  const inference = n / ((performance.now() - t) / 1000);
  await runner.dispose();
  optimizer.dispose();
  const params = trainableSize(model);
  model.dispose();
  return { train_samples_per_s: Math.round(train * 10) / 10, infer_samples_per_s: Math.round(inference * 10) / 10, params };
}

type TorchResult = Record<string, unknown> & { skipped?: string };

function torchFigures(): TorchResult {
  // The shared reference environment (allocator kept, CPU threads pinned to every core: the
  // reference's host side at its best), plus what finds --python and CUDA, nothing else of ours.
  const env: NodeJS.ProcessEnv = {
    ...referenceEnv(cpus().length, 'tuned'),
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/tmp',
    ...(process.env['LD_LIBRARY_PATH'] ? { LD_LIBRARY_PATH: process.env['LD_LIBRARY_PATH'] } : {}),
    ...(process.env['CUDA_VISIBLE_DEVICES'] ? { CUDA_VISIBLE_DEVICES: process.env['CUDA_VISIBLE_DEVICES'] } : {}),
  };
  const args = [TORCH_SCRIPT, '--batch', String(batch), '--n', String(n), '--epochs', String(epochs), '--length', String(LENGTH), '--classes', String(CLASSES), '--models', models.join(',')];
  if (flags.fp32 === true) args.push('--fp32');
  const r = spawnSync(python, args, { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.error) return { skipped: `${python} not found (${r.error.message})` };
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (line.startsWith('{')) return { ...(JSON.parse(line) as TorchResult), environment: env };
  return { skipped: `${python} ${TORCH_SCRIPT} failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}` };
}

function nvidiaDriver(): string | null {
  const r = spawnSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

async function main(): Promise<void> {
  const forced = typeof flags.backend === 'string' ? parseBackendName(flags.backend, '--backend') : undefined;
  const report = await probeBackends(forced ? { force: forced } : {});
  const chosen = gpuBackend(report, forced);
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}`, nvidia: nvidiaDriver() };
  if (!(backendLadder as readonly string[]).includes(chosen)) {
    console.log(JSON.stringify({ error: chosen, machine, backends: report.backends }, null, 2));
    process.exitCode = 2;
    return;
  }
  await initBackend({ force: chosen as BackendName });
  const status = report.backends.find((b) => b.name === chosen)!;
  const loadBefore = loadavg();
  const ours: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  for (const arch of models) ours[arch] = await measure(arch);
  const torch = torchFigures();
  const ratio = (a: number, b: unknown) => (typeof b === 'number' && b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
  const perModel = Object.fromEntries(
    models.map((arch) => {
      const ref = (torch[arch] ?? null) as { train_samples_per_s: number; infer_samples_per_s: number } | null;
      return [arch, {
        ours: ours[arch],
        torch: ref,
        ratio: ref ? { train: ratio(ours[arch]!.train_samples_per_s, ref.train_samples_per_s), infer: ratio(ours[arch]!.infer_samples_per_s, ref.infer_samples_per_s) } : null,
      }];
    }),
  );
  console.log(JSON.stringify({
    backend: chosen,
    detail: status.detail,
    adapter: status.adapter ?? null,
    batch, n, epochs, length: LENGTH, classes: CLASSES,
    models: perModel,
    torch: torch.skipped ? { skipped: torch.skipped } : Object.fromEntries(Object.entries(torch).filter(([k]) => !models.includes(k))),
    machine: { ...machine, load_average_before: loadBefore, load_average_after: loadavg(), tf_backend: tf.getBackend() },
  }, null, 2));
}

await main();
