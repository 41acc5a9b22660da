// Where one training step of a zoo model spends its time, kernel by kernel: forward, backward and
// the gradient read-out of one batch (the optimiser update excluded), on the active backend, one
// thread. Each kernel is timed by the process's CPU time (kernel-clock.ts). Kernels are grouped by
// name and shapes; ops the profiler records around their own kernels (names ending in __op) are listed
// apart and left out of the totals. Prints one JSON document with the load average before and after.
//
//   node --import ./bin/register-ts.mjs bench/profile-step.ts [--model avgnet] [--batch 128]
//        [--steps 3] [--top 40] [--seed 1]
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { numberFlag, parseArgs } from '../src/main/cli/args.ts';
import { initBackend } from '../src/main/engine/ml/backend/index.ts';
import { buildModel } from '../src/main/engine/ml/models/registry.ts';
import { shardGradients } from '../src/main/engine/ml/train/shard-gradients.ts';
import { cpuMs, profileKernels, randomBatch, timeKernelsByCpu } from './kernel-clock.ts';

const args = parseArgs(process.argv.slice(2), { model: 'value', batch: 'value', steps: 'value', top: 'value', seed: 'value' }, 'bench:profile-step');
const arch = typeof args.flags.model === 'string' ? args.flags.model : 'avgnet';
const batch = numberFlag(args, 'batch', 128);
const steps = numberFlag(args, 'steps', 3);
const top = numberFlag(args, 'top', 40);
const seed = numberFlag(args, 'seed', 1);
const CLASSES = 11;
const LENGTH = 128;

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const load = () => loadavg().map((v) => round(v));

const backend = await initBackend();
timeKernelsByCpu();
const loadBefore = load();
const model = buildModel({ arch, numClasses: CLASSES, length: LENGTH }, { seed });
const shard = randomBatch(batch, LENGTH, CLASSES, seed);
const step = () => shardGradients(model, shard, LENGTH, CLASSES);
step(); // warm-up: kernels compiled, heap grown

const plainMs: number[] = [];
const plainCpuMs: number[] = [];
for (let s = 0; s < steps; s++) {
  const t = performance.now();
  const c = process.cpuUsage();
  step();
  plainCpuMs.push(cpuMs(c));
  plainMs.push(performance.now() - t);
}

const { rows, wallMs: profiledMs } = await profileKernels(() => void step(), steps);
const isOp = (name: string) => name.endsWith('__op');
const kernelMs = rows.filter((r) => !isOp(r.kernel)).reduce((a, r) => a + r.ms, 0);
const byKernel = new Map<string, { calls: number; ms: number }>();
for (const r of rows) {
  const k = byKernel.get(r.kernel) ?? { calls: 0, ms: 0 };
  k.calls += r.calls;
  k.ms += r.ms;
  byKernel.set(r.kernel, k);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const stepMs = median(plainMs);
const stepCpuMs = median(plainCpuMs);
model.dispose();
console.log(JSON.stringify({
  bench: 'profile-step',
  model: arch,
  backend: backend.chosen,
  batch,
  steps,
  seed,
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  step_ms_median: round(stepMs, 1),
  step_cpu_ms_median: round(stepCpuMs, 1),
  train_samples_per_s: round((1000 * batch) / stepMs, 1),
  train_samples_per_cpu_s: round((1000 * batch) / stepCpuMs, 1),
  profiled_step_ms_median: round(median(profiledMs), 1),
  kernel_cpu_ms_per_step: round(kernelMs, 1),
  by_kernel: [...byKernel.entries()].filter(([name]) => !isOp(name)).sort((a, b) => b[1].ms - a[1].ms).map(([kernel, k]) => ({ kernel, calls: round(k.calls, 1), ms: round(k.ms, 1), share: round(k.ms / kernelMs, 3) })),
  ops_around_kernels: [...byKernel.entries()].filter(([name]) => isOp(name)).map(([kernel, k]) => ({ kernel, calls: round(k.calls, 1), ms: round(k.ms, 1) })),
  by_kernel_and_shape: rows.filter((r) => !isOp(r.kernel)).slice(0, top).map((r) => ({ ...r, calls: round(r.calls, 1), ms: round(r.ms, 1), share: round(r.ms / kernelMs, 3) })),
  load_before: loadBefore,
  load_after: load(),
}, null, 2));
