// Typed client over window.api: unwraps the Result envelope and throws the shared AppError, which keeps
// the engine's error code, so pages can explain what went wrong.
import type { ChannelName, DialogChannelName, EventName } from '../../shared/channels.ts';
import type { Api, ChannelInput, ChannelResult, ChosenPath, DialogInput, EventPayload } from '../../shared/contract.ts';
import { AppError, type Result } from '../../shared/errors.ts';

declare global {
  interface Window {
    api: Api;
  }
}


export async function call<C extends ChannelName>(channel: C, arg: ChannelInput<C>): Promise<ChannelResult<C>> {
  // TS cannot correlate the union of channel functions with C, so narrow by hand
  const invoke = window.api[channel] as unknown as (a: ChannelInput<C>) => Promise<Result<ChannelResult<C>>>;
  return unwrap(await invoke(arg));
}

/** Shows one of the main process's native dialogs; the path picked is the only kind the engine accepts. Null when cancelled. */
export async function choose<C extends DialogChannelName>(channel: C, arg: DialogInput<C>): Promise<string | null> {
  const invoke = window.api[channel] as unknown as (a: DialogInput<C>) => Promise<Result<ChosenPath | null>>;
  return unwrap(await invoke(arg))?.path ?? null;
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new AppError(result.error.code, result.error.message);
  return result.value;
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return window.api.subscribe(event, listener);
}

/** One line a person can read: the code says which kind of problem, the message says which file or value. */
export function describeError(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
