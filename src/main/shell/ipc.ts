// Every contract channel answered through dispatch, every dialog channel by a native dialog;
// events pushed to our window only. A path argument reaches the engine only when one of the
// window's dialogs granted it.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { channelNames, dialogChannelNames, type DialogChannelName } from '../../shared/channels.ts';
import { dialogContract, type ChosenPath, type DialogArg } from '../../shared/contract.ts';
import { toErrorData, type Result } from '../../shared/errors.ts';
import { describeIssues, dispatch, type Emit, type Handlers } from '../engine/api/dispatch.ts';
import { pickFolder, pickImportFile, pickProgram, pickSavePath } from './dialogs.ts';
import type { PathGrants } from './path-grants.ts';
import { senderIsTrusted } from './security.ts';

export function makeEmit(getWindow: () => BrowserWindow | null): Emit {
  return (event, payload) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(event, payload);
  };
}

type DialogHandlers = { [C in DialogChannelName]: (win: BrowserWindow, grants: PathGrants, arg: DialogArg<C>) => Promise<ChosenPath | null> };

const dialogHandlers: DialogHandlers = {
  chooseImportFile: (win, grants) => pickImportFile(win, grants),
  chooseSavePath: pickSavePath,
  chooseFolder: pickFolder,
  chooseProgram: pickProgram,
};

function untrusted(name: string): Result<never> {
  return { ok: false, error: { code: 'VALIDATION', message: `${name}: call from an untrusted frame refused` } };
}

export function registerIpc<E>(handlers: Handlers<E>, getEngine: () => E, getWindow: () => BrowserWindow | null, rendererUrl: string, emit: Emit, grants: PathGrants): void {
  const trustedWindow = (event: IpcMainInvokeEvent): BrowserWindow | null => {
    const win = getWindow();
    return win && senderIsTrusted(event, win, rendererUrl) ? win : null;
  };
  for (const name of channelNames) {
    ipcMain.handle(name, (event, arg: unknown): Promise<Result<unknown>> => {
      const win = trustedWindow(event);
      if (!win) return Promise.resolve(untrusted(name));
      const refusal = grants.refusal(win.webContents.id, name, arg);
      if (refusal) return Promise.resolve({ ok: false, error: refusal });
      return dispatch(handlers, getEngine(), name, arg, emit);
    });
  }
  for (const name of dialogChannelNames) {
    ipcMain.handle(name, async (event, arg: unknown): Promise<Result<unknown>> => {
      const win = trustedWindow(event);
      if (!win) return untrusted(name);
      const parsed = dialogContract[name].input.safeParse(arg ?? {});
      if (!parsed.success) return { ok: false, error: { code: 'VALIDATION', message: `${name}: ${describeIssues(parsed.error.issues)}` } };
      try {
        const pick = dialogHandlers[name] as (w: BrowserWindow, g: PathGrants, a: unknown) => Promise<ChosenPath | null>;
        return { ok: true, value: await pick(win, grants, parsed.data) };
      } catch (err) {
        return { ok: false, error: toErrorData(err) };
      }
    });
  }
}
