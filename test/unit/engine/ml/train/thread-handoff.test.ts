import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ANSWERED_STEP, POSTED_STEP, announce, handoffCounters, spinWhile } from '../../../../../src/main/engine/ml/train/thread-handoff.ts';

describe('thread hand-off counters', () => {
  it('end a spin as soon as another thread announces, and only then', async () => {
    const counters = handoffCounters();
    announce(counters, ANSWERED_STEP, 6);
    // The other thread announces step 7 after about 60 ms; nothing wakes this one but the counter.
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60);
       Atomics.store(workerData, ${ANSWERED_STEP}, 7);`,
      { eval: true, workerData: counters },
    );
    const start = performance.now();
    spinWhile(counters, ANSWERED_STEP, 6, 10_000);
    const spun = performance.now() - start;
    expect(Atomics.load(counters, ANSWERED_STEP)).toBe(7);
    expect(spun).toBeGreaterThan(30);
    expect(spun).toBeLessThan(5_000);
    await worker.terminate();
  });

  it('give up at the limit when nothing is announced, leaving the counters as they were', () => {
    const counters = handoffCounters();
    announce(counters, POSTED_STEP, 3);
    const start = performance.now();
    spinWhile(counters, POSTED_STEP, 3, 40);
    expect(performance.now() - start).toBeGreaterThanOrEqual(40);
    expect([Atomics.load(counters, POSTED_STEP), Atomics.load(counters, ANSWERED_STEP)]).toEqual([3, 0]);
  });
});
