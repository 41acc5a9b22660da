// Shared by the kernel profiles (layer-profile.ts, profile-step.ts): TF.js's profiler timing each
// kernel by the process's CPU clock instead of the wall clock, so that a shared machine's
// preemption does not land on whichever kernel was running, and a random batch to run.
// The wasm backend's kernels run synchronously on this thread, so the CPU time over the call is
// the kernel's (heap copies made inside a kernel count towards it).
import { createRng } from '../src/main/engine/base/random.ts';
import { tf } from '../src/main/engine/ml/tfjs.ts';

/** CPU milliseconds (user + system) of this process since `since`, or in all without it. */
export function cpuMs(since?: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

/** From now on tf.profile times the active backend's kernels by CPU time. */
export function timeKernelsByCpu(): void {
  const backend = tf.backend() as unknown as { timerAvailable(): boolean; time(f: () => void): Promise<{ kernelMs: number }> };
  backend.timerAvailable = () => true;
  backend.time = async (f) => {
    const start = process.cpuUsage();
    f();
    return { kernelMs: cpuMs(start) };
  };
}

/** A batch of n random samples [n][2][length] with random labels, from `seed`. */
export function randomBatch(n: number, length: number, classes: number, seed: number): { x: Float32Array; y: Int32Array; n: number } {
  const rng = createRng(seed);
  return {
    x: Float32Array.from({ length: n * 2 * length }, () => rng.normal()),
    y: Int32Array.from({ length: n }, () => rng.int(classes)),
    n,
  };
}

export interface KernelRow {
  kernel: string;
  shapes: string;
  /** per profiled run */
  calls: number;
  /** CPU ms per profiled run */
  ms: number;
}

/** Runs `work` `runs` times under tf.profile; per kernel name and shapes, calls and CPU ms per run. */
export async function profileKernels(work: () => void, runs: number): Promise<{ rows: KernelRow[]; cpuMsPerRun: number; wallMs: number[] }> {
  const rows = new Map<string, KernelRow>();
  const wallMs: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const info = await tf.profile(work);
    wallMs.push(performance.now() - t);
    for (const k of info.kernels) {
      const list = (shapes: (number[] | undefined)[]) => shapes.map((s) => (s ? `[${s.join(',')}]` : '?')).join(' ');
      const shapes = `${list(k.inputShapes)} → ${list(k.outputShapes)}`;
      const key = `${k.name} ${shapes}`;
      const row = rows.get(key) ?? { kernel: k.name, shapes, calls: 0, ms: 0 };
      row.calls += 1 / runs;
      row.ms += (await k.kernelTimeMs as number) / runs;
      rows.set(key, row);
    }
  }
  return { rows: [...rows.values()].sort((a, b) => b.ms - a.ms), cpuMsPerRun: cpuMs(cpuStart) / runs, wallMs };
}
