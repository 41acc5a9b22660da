// The one application window: sandboxed, isolated, no Node in the page.
import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the renderer is loaded from: the dev server while developing, the built files otherwise. */
export function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev) return dev;
  return pathToFileURL(join(__dirname, '../renderer/index.html')).toString();
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: 'AMR Studio',
    show: false,
    webPreferences: {
      // the preload is bundled as CommonJS (.cjs, since the package is ESM): sandboxed preloads cannot be ES modules
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl());
  return win;
}
