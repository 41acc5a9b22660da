// Every contract channel answered through dispatch; events pushed to our window only.
import { ipcMain, type BrowserWindow } from 'electron';
import { channelNames } from '../../shared/channels.ts';
import type { Result } from '../../shared/errors.ts';
import { dispatch, type Emit, type Handlers } from '../engine/api/dispatch.ts';
import { senderIsTrusted } from './security.ts';

export function makeEmit(getWindow: () => BrowserWindow | null): Emit {
  return (event, payload) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(event, payload);
  };
}

export function registerIpc<E>(handlers: Handlers<E>, getEngine: () => E, getWindow: () => BrowserWindow | null, rendererUrl: string, emit: Emit): void {
  for (const name of channelNames) {
    ipcMain.handle(name, (event, arg: unknown): Promise<Result<unknown>> => {
      if (!senderIsTrusted(event, getWindow(), rendererUrl)) {
        return Promise.resolve({ ok: false, error: { code: 'VALIDATION', message: `${name}: call from an untrusted frame refused` } });
      }
      return dispatch(handlers, getEngine(), name, arg, emit);
    });
  }
}
