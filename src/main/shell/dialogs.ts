// Native file dialogs. Every path the user picks in one is granted to the window that showed it
// (for that purpose only), so the renderer can hand it back to the engine.
import { dialog, type BrowserWindow } from 'electron';
import type { DialogArg, PathPurpose } from '../../shared/contract.ts';
import type { PathGrants } from './path-grants.ts';

const datasetExtensions = ['pkl', 'dat', 'hdf5', 'h5', 'sigmf-meta', 'sigmf', 'npy', 'npz', 'cf32', 'ci16', 'cu8', 'bin', 'iq'];

export async function pickProject(win: BrowserWindow): Promise<string | null> {
  const r = await dialog.showOpenDialog(win, {
    title: 'Open project',
    properties: ['openFile', 'promptToCreate'],
    filters: [{ name: 'AMR Studio project', extensions: ['amrproj'] }],
  });
  return r.canceled ? null : (r.filePaths[0] ?? null);
}

function granted(grants: PathGrants, win: BrowserWindow, path: string | undefined, purpose: PathPurpose): { path: string } | null {
  return path ? { path: grants.grant(win.webContents.id, path, purpose) } : null;
}

export async function pickImportFile(win: BrowserWindow, grants: PathGrants): Promise<{ path: string } | null> {
  const r = await dialog.showOpenDialog(win, {
    title: 'Import dataset',
    properties: ['openFile'],
    filters: [
      { name: 'Datasets', extensions: datasetExtensions },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  return r.canceled ? null : granted(grants, win, r.filePaths[0], 'open-file');
}

export async function pickSavePath(win: BrowserWindow, grants: PathGrants, arg: DialogArg<'chooseSavePath'>): Promise<{ path: string } | null> {
  const r = await dialog.showSaveDialog(win, {
    title: arg.title,
    ...(arg.defaultPath ? { defaultPath: arg.defaultPath } : {}),
    ...(arg.extensions?.length ? { filters: [{ name: arg.extensions.join(', '), extensions: arg.extensions }] } : {}),
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  return r.canceled ? null : granted(grants, win, r.filePath, 'save');
}

export async function pickFolder(win: BrowserWindow, grants: PathGrants, arg: DialogArg<'chooseFolder'>): Promise<{ path: string } | null> {
  const r = await dialog.showOpenDialog(win, { title: arg.title, properties: ['openDirectory', 'createDirectory'] });
  return r.canceled ? null : granted(grants, win, r.filePaths[0], 'open-folder');
}

export async function pickProgram(win: BrowserWindow, grants: PathGrants, arg: DialogArg<'chooseProgram'>): Promise<{ path: string } | null> {
  const r = await dialog.showOpenDialog(win, { title: arg.title, properties: ['openFile'] });
  return r.canceled ? null : granted(grants, win, r.filePaths[0], 'run');
}

export function showError(title: string, message: string): void {
  dialog.showErrorBox(title, message);
}
