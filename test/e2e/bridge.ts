// Stands in for the preload and the Electron IPC: window.api gets one function per contract
// and dialog channel, each forwarded to a Node-side call through a Playwright binding; pushed events reach
// the page's subscribers. Only the transport differs from the app.
import type { Page } from 'playwright-core';
import { eventNames, exposedChannelNames } from '../../src/shared/channels.ts';
import type { Result } from '../../src/shared/errors.ts';
import type { Emit } from '../../src/main/engine/api/dispatch.ts';

export type Call = (channel: string, arg: unknown, emit: Emit) => Promise<Result<unknown>>;

const invokeBinding = '__amrInvoke';
const pushFunction = '__amrPush';

/**
 * Runs in the page before any of its scripts. Kept as plain JavaScript source: a compiled
 * function could carry helper references that do not exist in the page.
 */
function pageBridge(channels: readonly string[], events: readonly string[]): string {
  return `(() => {
    const channels = ${JSON.stringify(channels)};
    const events = ${JSON.stringify(events)};
    const send = window[${JSON.stringify(invokeBinding)}];
    const listeners = new Map();
    const api = {};
    for (const name of channels) api[name] = (arg) => send(name, arg);
    api.subscribe = (event, listener) => {
      if (!events.includes(event)) throw new Error("unknown event '" + event + "'");
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    };
    Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false, configurable: false });
    Object.defineProperty(window, ${JSON.stringify(pushFunction)}, {
      value: (event, payload) => { for (const l of listeners.get(event) ?? []) l(payload); },
    });
  })();`;
}

export interface Bridge {
  emit: Emit;
  /** every channel call the page made, in order */
  calls: string[];
}

export async function installBridge(page: Page, call: Call): Promise<Bridge> {
  const calls: string[] = [];
  const emit: Emit = (event, payload) => {
    if (page.isClosed()) return;
    page.evaluate(`window[${JSON.stringify(pushFunction)}](${JSON.stringify(event)}, ${JSON.stringify(payload)})`).catch(() => {});
  };
  await page.exposeBinding(invokeBinding, async (source, channel: unknown, arg: unknown) => {
    // the Electron shell's sender check: only our page's top frame may call
    if (source.frame !== page.mainFrame()) return { ok: false, error: { code: 'VALIDATION', message: 'call from an untrusted frame refused' } };
    calls.push(String(channel));
    return call(String(channel), arg, emit);
  });
  await page.addInitScript({ content: pageBridge(exposedChannelNames, eventNames) });
  return { emit, calls };
}
