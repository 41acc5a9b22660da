// A kind's function whose module loads on first call: a worker then loads only its own kind's
// code, and the main process loads a kind's code only when a job of that kind is submitted, or
// ahead of that when it serves a UI (preload), so that the submission itself loads nothing.

export interface OnDemand<A extends unknown[], R> {
  (...args: A): Promise<R>;
  /** Loads the module now; the first call then runs without waiting for it. */
  preload(): Promise<void>;
  /** true once the module has loaded */
  readonly loaded: boolean;
}

export function onDemand<A extends unknown[], R>(load: () => Promise<(...args: A) => R | Promise<R>>): OnDemand<A, R> {
  let loaded: ((...args: A) => R | Promise<R>) | null = null;
  let loading: Promise<(...args: A) => R | Promise<R>> | null = null;
  const get = (): Promise<(...args: A) => R | Promise<R>> => {
    loading ??= load().then(
      (fn) => (loaded = fn),
      (err: unknown) => {
        // a failed load is tried again by the next call, which then reports its own error
        loading = null;
        throw err;
      },
    );
    return loading;
  };
  const call = async (...args: A): Promise<R> => (loaded ?? (await get()))(...args);
  return Object.defineProperties(call, {
    preload: { value: async () => void (await get()) },
    loaded: { get: () => loaded !== null },
  }) as OnDemand<A, R>;
}
