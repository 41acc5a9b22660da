// Electron entry: one sandboxed window over the engine, IPC wired through the contract,
// the project from the command line or the demo project made on first launch.
import { app, BrowserWindow } from 'electron';
import { toErrorData } from '../shared/errors.ts';
import { handlers } from './engine/api/handlers/index.ts';
import { createDemoProject } from './engine/demo.ts';
import { createEngine, type Engine } from './engine/engine.ts';
import { pickImportFile, pickProject, showError } from './shell/dialogs.ts';
import { makeEmit, registerIpc } from './shell/ipc.ts';
import { installMenu } from './shell/menu.ts';
import { useElectronSqlite } from './shell/native-sqlite.ts';
import { demoProjectPath, projectFromArgs } from './shell/project-path.ts';
import { PathGrants } from './shell/path-grants.ts';
import { installSecurity } from './shell/security.ts';
import { createMainWindow, rendererUrl } from './shell/window.ts';

let engine: Engine | null = null;
let window: BrowserWindow | null = null;
const grants = new PathGrants();
const emit = makeEmit(() => window);

async function initialProject(): Promise<string> {
  const fromArgs = projectFromArgs(process.argv);
  if (fromArgs) return fromArgs;
  const demo = demoProjectPath(app.getPath('userData'));
  if (!demo.exists) await createDemoProject(demo.path);
  return demo.path;
}

function openProject(path: string, create: boolean): void {
  const next = createEngine({ projectPath: path, create, interactive: true, log: (line) => console.log(line) });
  next.jobs.subscribe((p) => emit('jobProgress', p));
  const previous = engine;
  engine = next;
  if (previous) void previous.dispose();
  emit('projectOpened', next.store.info());
}

function currentEngine(): Engine {
  if (!engine) throw new Error('no project is open');
  return engine;
}

async function start(): Promise<void> {
  installSecurity();
  useElectronSqlite();
  openProject(await initialProject(), false);
  registerIpc(handlers, currentEngine, () => window, rendererUrl(), emit, grants);
  const opened = createMainWindow();
  const windowId = opened.webContents.id;
  window = opened;
  window.on('closed', () => {
    grants.forgetWindow(windowId);
    window = null;
  });
  installMenu({
    openProject: () => {
      if (!window) return;
      void pickProject(window).then((path) => {
        if (!path) return;
        try {
          openProject(path, true);
        } catch (err) {
          const e = toErrorData(err);
          showError('Could not open the project', `${e.code}: ${e.message}`);
        }
      });
    },
    importFile: () => {
      if (!window) return;
      void pickImportFile(window, grants).then((picked) => picked && emit('importRequested', picked));
    },
    quit: () => app.quit(),
  });
}

app.enableSandbox();
app.whenReady().then(start, (err: unknown) => {
  console.error(err);
  app.exit(1);
});
app.on('window-all-closed', () => app.quit());
// Job workers are stopped and the project checkpointed before the app really quits.
app.on('will-quit', (e) => {
  const closing = engine;
  if (!closing) return;
  e.preventDefault();
  engine = null;
  void closing.dispose().finally(() => app.quit());
});
