// Routes one IPC call to its handler: the argument is validated with the channel's schema first,
// and every outcome travels back as a Result envelope so error codes survive the process hop.
import { channelNames, type ChannelName, type EventName } from '../../../shared/channels.ts';
import { contract, type ChannelArg, type ChannelResult, type EventPayload } from '../../../shared/contract.ts';
import { toErrorData, type Result } from '../../../shared/errors.ts';

/** Pushes an event to the renderer (a no-op where nobody listens). */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export type Handler<E, C extends ChannelName> = (engine: E, arg: ChannelArg<C>, emit: Emit) => Promise<ChannelResult<C>>;

export type Handlers<E> = { [C in ChannelName]: Handler<E, C> };

const knownChannels: ReadonlySet<string> = new Set(channelNames);

function isChannel(name: string): name is ChannelName {
  return knownChannels.has(name);
}

export function describeIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || 'argument'}: ${i.message}`).join('; ');
}

const silent: Emit = () => {};

export async function dispatch<E>(
  handlers: Handlers<E>,
  engine: E,
  channel: string,
  rawArg: unknown,
  emit: Emit = silent,
): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'VALIDATION', message: `unknown channel '${channel}'` } };
  }
  const parsed = contract[channel].input.safeParse(rawArg ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'VALIDATION', message: `${channel}: ${describeIssues(parsed.error.issues)}` } };
  }
  try {
    const handler = handlers[channel] as Handler<E, ChannelName>;
    const value = await handler(engine, parsed.data as ChannelArg<ChannelName>, emit);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}
