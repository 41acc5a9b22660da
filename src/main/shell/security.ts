// Hardening that applies to every web contents: no navigation away from the app, no new
// windows, no permissions, and IPC accepted only from our own window's top frame.
import { app, session, type IpcMainInvokeEvent, type WebContents } from 'electron';

export function isOwnUrl(url: string, rendererUrl: string): boolean {
  try {
    const u = new URL(url);
    const own = new URL(rendererUrl);
    return u.protocol === own.protocol && u.host === own.host && u.pathname === own.pathname;
  } catch {
    return false;
  }
}

export function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
}

export function installSecurity(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // no remote content: the renderer is loaded from disk, anything over the network is refused
  session.defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    callback({ cancel: !isDevServer(details.url) });
  });
  app.on('web-contents-created', (_e, contents) => hardenContents(contents));
}

/** electron-vite's dev server, only while developing. */
function isDevServer(url: string): boolean {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return !app.isPackaged && dev !== undefined && url.startsWith(new URL(dev).origin);
}

export function senderIsTrusted(event: IpcMainInvokeEvent, window: { webContents: WebContents } | null, rendererUrl: string): boolean {
  if (!window || event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  return frame !== null && frame === window.webContents.mainFrame && isOwnUrl(frame.url, rendererUrl);
}
