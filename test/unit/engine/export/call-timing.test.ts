import { describe, expect, it } from 'vitest';
import { CallTimings, startTimer } from '../../../../src/main/engine/export/call-timing.ts';

/** Blocks this thread without using the CPU, as a call waiting for a core does. */
function sleepBlocking(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Keeps this thread busy until the process has used `ms` more CPU milliseconds. */
function spin(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
}

describe('call timing', () => {
  it('counts the CPU a call uses and not the time it waits', () => {
    const stopSleeping = startTimer();
    sleepBlocking(60);
    const slept = stopSleeping();
    expect(slept.wallMs).toBeGreaterThanOrEqual(59);
    expect(slept.cpuMs).toBeLessThan(15);

    const stopSpinning = startTimer();
    spin(30);
    const spun = stopSpinning();
    expect(spun.cpuMs).toBeGreaterThanOrEqual(30);
  });

  it('gives nearest-rank percentiles of wall and CPU times separately', () => {
    const timings = new CallTimings();
    for (let k = 1; k <= 20; k++) timings.add({ wallMs: k, cpuMs: 100 - k });
    expect(timings.summary()).toEqual({ p50Ms: 10, p95Ms: 19, cpuP50Ms: 89, cpuP95Ms: 98 });
  });
});
