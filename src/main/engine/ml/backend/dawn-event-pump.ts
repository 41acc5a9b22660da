// Lets this thread wait for Dawn synchronously. Dawn's Node bindings finish asynchronous work
// (a buffer mapped for reading, a pipeline compiled) only inside a "process events" tick they
// schedule through the global setImmediate, so nothing completes while JavaScript holds the
// thread. TF.js reads tensors synchronously in many places (dataSync), which its webgpu backend
// does through a browser canvas that Node lacks. This keeps every tick Dawn schedules in hand, so
// a synchronous read can run those ticks itself until its buffer is mapped.

interface PendingTick {
  run: () => void;
  done: boolean;
}

const pending = new Set<PendingTick>();
let installed = false;

/**
 * Dawn's ticks are functions made by its native addon: native code, unnamed, and constructible
 * (they own a prototype), which tells them apart from bound functions, promise resolvers and
 * JavaScript callbacks, which the pump never runs early.
 */
function isAddonFunction(f: unknown): f is () => void {
  return (
    typeof f === 'function' &&
    f.name === '' &&
    Object.prototype.hasOwnProperty.call(f, 'prototype') &&
    Function.prototype.toString.call(f).includes('[native code]')
  );
}

/** Wraps the global setImmediate once, before Dawn loads, so every tick it schedules is seen. */
export function installDawnEventPump(): void {
  if (installed) return;
  installed = true;
  const original = globalThis.setImmediate;
  const wrapped = function setImmediate(callback: (...args: unknown[]) => void, ...args: unknown[]): NodeJS.Immediate {
    if (!isAddonFunction(callback)) return original(callback, ...args);
    const tick: PendingTick = { run: callback, done: false };
    pending.add(tick);
    return original(() => runTick(tick));
  };
  // Keep setImmediate's own properties (util.promisify's custom form among them).
  Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(original));
  globalThis.setImmediate = wrapped as typeof globalThis.setImmediate;
}

function runTick(tick: PendingTick): void {
  if (tick.done) return;
  tick.done = true;
  pending.delete(tick);
  tick.run();
}

/** A short sleep between polls, so a wait on a slow GPU does not take a whole core. */
const pollPause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs Dawn's scheduled ticks on this thread until `done()` holds, or throws after `timeoutMs`.
 * A tick that Dawn reschedules while it runs is run on the next round.
 */
export function pumpDawnEventsUntil(done: () => boolean, timeoutMs: number, what: string): void {
  if (!installed) throw new Error('the Dawn event pump is not installed');
  const deadline = performance.now() + timeoutMs;
  let idleRounds = 0;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`${what}: the GPU did not answer within ${timeoutMs / 1000} s`);
    const ticks = [...pending];
    for (const tick of ticks) runTick(tick);
    if (ticks.length === 0 && ++idleRounds > 1000) throw new Error(`${what}: Dawn has no pending work to wait for`);
    if (!done()) Atomics.wait(pollPause, 0, 0, 0.02);
  }
}
