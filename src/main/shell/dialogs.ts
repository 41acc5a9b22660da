// Native file dialogs for opening a project and choosing a file to import.
import { dialog, type BrowserWindow } from 'electron';

export async function pickProject(win: BrowserWindow): Promise<string | null> {
  const r = await dialog.showOpenDialog(win, {
    title: 'Open project',
    properties: ['openFile', 'promptToCreate'],
    filters: [{ name: 'AMR Studio project', extensions: ['amrproj'] }],
  });
  return r.canceled ? null : (r.filePaths[0] ?? null);
}

export async function pickImportFile(win: BrowserWindow): Promise<string | null> {
  const r = await dialog.showOpenDialog(win, {
    title: 'Import dataset',
    properties: ['openFile'],
    filters: [
      { name: 'Datasets', extensions: ['pkl', 'dat', 'hdf5', 'h5', 'sigmf-meta', 'sigmf', 'npy', 'npz', 'cf32', 'ci16', 'cu8', 'bin', 'iq'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  return r.canceled ? null : (r.filePaths[0] ?? null);
}

export function showError(title: string, message: string): void {
  dialog.showErrorBox(title, message);
}
