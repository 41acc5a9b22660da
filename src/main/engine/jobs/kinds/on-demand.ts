// A kind's function whose module loads on first call: a worker then loads only its own kind's
// code, and the main process loads a kind's code only when a job of that kind is submitted.

export function onDemand<A extends unknown[], R>(load: () => Promise<(...args: A) => R | Promise<R>>): (...args: A) => Promise<R> {
  return async (...args) => (await load())(...args);
}
