// How long one inference call takes, by the wall clock and by this process's CPU time. On a
// shared machine the wall clock also counts the time the call waited for a core; CPU time (user
// and system, every thread of the process) does not, so it is the figure that compares between
// runs. With a single-threaded runtime on an idle machine the two agree.

/** Percentiles over the timed calls, milliseconds per call. */
export interface CallTiming {
  p50Ms: number;
  p95Ms: number;
  cpuP50Ms: number;
  cpuP95Ms: number;
}

/** The p-quantile (0…1) of ascending values, nearest-rank. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Starts a timer; calling the result gives the wall and CPU milliseconds since. */
export function startTimer(): () => { wallMs: number; cpuMs: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
}

/** Collects one timed call after another and gives their percentiles. */
export class CallTimings {
  private readonly wall: number[] = [];
  private readonly cpu: number[] = [];

  add(sample: { wallMs: number; cpuMs: number }): void {
    this.wall.push(sample.wallMs);
    this.cpu.push(sample.cpuMs);
  }

  summary(): CallTiming {
    const wall = [...this.wall].sort((a, b) => a - b);
    const cpu = [...this.cpu].sort((a, b) => a - b);
    return { p50Ms: percentile(wall, 0.5), p95Ms: percentile(wall, 0.95), cpuP50Ms: percentile(cpu, 0.5), cpuP95Ms: percentile(cpu, 0.95) };
  }
}
