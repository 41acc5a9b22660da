// Where a VT-CNN2 training step and an inference pass spend their time, kernel by kernel, on the
// wasm backend at the bench's batch (bench/train.ts): every kernel the step runs, timed by the
// process's CPU clock (kernel-clock.ts), summed per kernel name and shapes over the timed steps
// after warm-up steps. Prints one JSON document, with PyTorch's CPU times for the same operations
// beside it (bench/torch_layer_profile.py, run at its best as bench:train runs it: same batch, one
// thread, glibc keeping its memory, OpenBLAS/OpenMP pinned). The inference pass is also timed
// through onnxruntime (one thread, the route evaluations take), by the same clock.
//
//   node --import ./bin/register-ts.mjs bench/layer-profile.ts [--batch 256] [--steps 4] [--warmup 2]
import { parseArgs } from '../src/main/cli/args.ts';
import { initBackend } from '../src/main/engine/ml/backend/index.ts';
import { onnxScorer } from '../src/main/engine/export/onnx-inference.ts';
import { buildModel } from '../src/main/engine/ml/models/registry.ts';
import { shardGradients, shardLogits } from '../src/main/engine/ml/train/shard-gradients.ts';
import { join } from 'node:path';
import { cpuMs, profileKernels, randomBatch, timeKernelsByCpu, type KernelRow } from './kernel-clock.ts';
import { REFERENCE_DIR, loadAverage, machineRecord, referenceEnv, runReference } from './reference-process.ts';

const { flags } = parseArgs(process.argv.slice(2), { batch: 'value', steps: 'value', warmup: 'value', arch: 'value' }, 'bench:layer-profile');
const num = (name: string, fallback: number) => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
const batch = num('batch', 256);
const steps = num('steps', 4);
const warmup = num('warmup', 2);
const arch = typeof flags.arch === 'string' ? flags.arch : 'vtcnn2';
const LENGTH = 128;
const CLASSES = 11;

const report = await initBackend({ force: 'wasm' });
timeKernelsByCpu();
const model = buildModel({ arch, numClasses: CLASSES, length: LENGTH }, { seed: 7 });
const shard = randomBatch(batch, LENGTH, CLASSES, 7);

async function profileOf(work: () => void): Promise<{ cpu_ms: number; kernels: KernelRow[] }> {
  for (let i = 0; i < warmup; i++) work();
  const { rows, cpuMsPerRun } = await profileKernels(work, steps);
  const kernels = rows.map((r) => ({ ...r, ms: Math.round(r.ms * 100) / 100 }));
  return { cpu_ms: Math.round(cpuMsPerRun * 10) / 10, kernels };
}

const loadBefore = loadAverage();
const train = await profileOf(() => void shardGradients(model, shard, LENGTH, CLASSES));
const infer = await profileOf(() => void shardLogits(model, shard, LENGTH));
// The route evaluations take: the same pass through onnxruntime on one thread, by the same clock.
const scorer = await onnxScorer(model, Array.from({ length: CLASSES }, (_, c) => `class ${c}`), 1);
for (let i = 0; i < warmup; i++) await scorer.predict(shard.x, batch);
const onnxStart = cpuMs();
for (let i = 0; i < steps; i++) await scorer.predict(shard.x, batch);
const inferOnnxruntime = { cpu_ms: Math.round(((cpuMs() - onnxStart) / steps) * 10) / 10 };
await scorer.release();
const loadBetween = loadAverage();
const torchArgs = [join(import.meta.dirname, 'torch_layer_profile.py'), REFERENCE_DIR, '--threads', '1', '--batch', String(batch), '--steps', String(steps), '--warmup', String(warmup)];
const torchRun = arch === 'vtcnn2' ? runReference(torchArgs, referenceEnv(1, 'tuned')) : { ok: false as const, why: 'the PyTorch profile defines VT-CNN2 only' };
const torch = torchRun.ok ? { ...JSON.parse(torchRun.stdout.trim().split('\n').at(-1)!), environment: referenceEnv(1, 'tuned'), usage: torchRun.usage } : { skipped: torchRun.why };
console.log(
  JSON.stringify(
    { arch, backend: report.chosen, threads: 1, batch, steps, warmup, machine: machineRecord(), load_average: [loadBefore, loadBetween, loadAverage()], ours: { train, infer, infer_onnxruntime: inferOnnxruntime }, torch },
    null,
    2,
  ),
);
model.dispose();
