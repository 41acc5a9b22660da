// The preload runs against a stand-in 'electron' module: the real package is never loaded.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { exposedChannelNames } from '../../../src/shared/channels.ts';

const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (channel: string, arg: unknown) => ({ ok: true, value: { channel, arg } }));
const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke,
    on: (event: string, fn: (e: unknown, p: unknown) => void) => listeners.set(event, [...(listeners.get(event) ?? []), fn]),
    removeListener: (event: string, fn: (e: unknown, p: unknown) => void) => listeners.set(event, (listeners.get(event) ?? []).filter((f) => f !== fn)),
  },
}));

type ExposedApi = Record<string, (...args: unknown[]) => unknown>;

describe('preload', () => {
  let api: ExposedApi;
  beforeAll(async () => {
    await import('../../../src/preload/index.ts');
    api = exposed.get('api') as ExposedApi;
  });

  it('exposes only window.api', () => {
    expect([...exposed.keys()]).toEqual(['api']);
  });

  it('exposes exactly one function per contract and dialog channel plus subscribe', () => {
    expect(Object.keys(api).sort()).toEqual([...exposedChannelNames, 'subscribe'].sort());
    for (const key of Object.keys(api)) expect(typeof api[key]).toBe('function');
  });

  it('forwards each channel to ipcRenderer.invoke under its own name', async () => {
    for (const name of exposedChannelNames) {
      await expect(api[name]!({ probe: name })).resolves.toEqual({ ok: true, value: { channel: name, arg: { probe: name } } });
    }
    expect(invoke).toHaveBeenCalledTimes(exposedChannelNames.length);
  });

  it('delivers pushed events to subscribers until they unsubscribe, and refuses unknown events', () => {
    const got: unknown[] = [];
    const unsubscribe = api.subscribe!('jobProgress', (p: unknown) => got.push(p)) as () => void;
    for (const fn of listeners.get('jobProgress') ?? []) fn({ sender: 'main' }, { jobId: 1 });
    unsubscribe();
    for (const fn of listeners.get('jobProgress') ?? []) fn({ sender: 'main' }, { jobId: 2 });
    expect(got).toEqual([{ jobId: 1 }]);
    expect(() => api.subscribe!('ipc-message', () => {})).toThrow(/unknown event/);
  });
});
