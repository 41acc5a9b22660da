// The IPC contract: each channel's argument schema (validated in main before any engine code
// runs) and its result type. Main, preload and renderer all take their types from here.
import { z } from 'zod';
import type { ChannelName, EventName } from './channels.ts';
import type { AppInfo, BackendReport, DatasetSummary, JobProgress, ProjectInfo } from './dto.ts';

/** A channel: the zod schema of its argument plus a phantom result type. */
interface Channel<S extends z.ZodType, R> {
  input: S;
  result?: R; // type-level only
}
function channel<R>() {
  return <S extends z.ZodType>(input: S): Channel<S, R> => ({ input });
}

const empty = z.object({}).strict();

export const contract = {
  getAppInfo: channel<AppInfo>()(empty),
  getBackends: channel<BackendReport>()(empty),
  getProjectInfo: channel<ProjectInfo>()(empty),
  listDatasets: channel<DatasetSummary[]>()(empty),
} satisfies Record<ChannelName, Channel<z.ZodType, unknown>>;

export type Contract = typeof contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelArg<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelResult<C extends ChannelName> = NonNullable<Contract[C]['result']>;

export interface EventPayloads {
  jobProgress: JobProgress;
}
export type EventPayload<E extends EventName> = EventPayloads[E];

/** What the preload exposes as window.api: one function per channel, plus event subscription. */
export type Api = {
  [C in ChannelName]: (arg: ChannelInput<C>) => Promise<import('./errors.ts').Result<ChannelResult<C>>>;
} & {
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
