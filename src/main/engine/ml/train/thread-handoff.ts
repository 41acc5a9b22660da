// Hand-offs between the training threads that skip a sleeping thread's wake-up. On small virtual
// machines, waking a thread that sleeps in its event loop costs milliseconds (measured here: a
// worker message round trip of 3.9 ms median, up to 60 ms), twice per data-parallel step. So each
// step message (and validation's logits request, numbered in the same sequence) and its reply
// also bump a counter in shared memory, and a thread that expects the other's message shortly
// spins on that counter for a bounded time instead of sleeping; when it returns to its event
// loop the message is already queued (round trip 0.09 ms median here).

/** Slot of the last step number the leader posted. */
export const POSTED_STEP = 0;
/** Slot of the last step number a helper answered. */
export const ANSWERED_STEP = 1;

export function handoffCounters(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

export function announce(counters: Int32Array, slot: number, step: number): void {
  Atomics.store(counters, slot, step);
}

/** Spins while counters[slot] still holds `current`, for at most limitMs. */
export function spinWhile(counters: Int32Array, slot: number, current: number, limitMs: number): void {
  const start = performance.now();
  while (Atomics.load(counters, slot) === current && performance.now() - start < limitMs) {
    // busy: the other thread's message is due within the limit
  }
}
