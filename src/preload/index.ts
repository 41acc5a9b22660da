// The renderer's only door to the engine: one function per contract channel and per dialog
// channel, and a subscription for push events. The raw ipcRenderer never crosses into the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventNames, exposedChannelNames, type EventName } from '../shared/channels.ts';

const channels: Record<string, (arg: unknown) => Promise<unknown>> = {};
for (const name of exposedChannelNames) {
  channels[name] = (arg: unknown) => ipcRenderer.invoke(name, arg);
}

const knownEvents: ReadonlySet<string> = new Set(eventNames);

function subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
  if (!knownEvents.has(event)) throw new Error(`unknown event '${String(event)}'`);
  const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => {
    ipcRenderer.removeListener(event, wrapped);
  };
}

contextBridge.exposeInMainWorld('api', { ...channels, subscribe });
