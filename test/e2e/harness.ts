// End-to-end harness: the built renderer (out/renderer) served over http, real Chromium, and
// window.api bridged to dispatch(handlers, engine) over a real project file in a temp folder.
// Path arguments pass the shell's own grant check (PathGrants); the native dialogs are the one
// stand-in: a dialog channel answers with the path a test queued (a save dialog with its
// suggestion when none is queued, as if the user pressed Save) and grants it like the shell does.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { dialogChannelNames, type DialogChannelName } from '../../src/shared/channels.ts';
import { dialogContract, type PathPurpose } from '../../src/shared/contract.ts';
import type { Result } from '../../src/shared/errors.ts';
import { PathGrants } from '../../src/main/shell/path-grants.ts';
import { dispatch } from '../../src/main/engine/api/dispatch.ts';
import { handlers } from '../../src/main/engine/api/handlers/index.ts';
import { createEngine, type Engine } from '../../src/main/engine/engine.ts';
import { installBridge, type Bridge } from './bridge.ts';
import { launchChromium } from './browser.ts';
import { serveDirectory, type StaticServer } from './static-server.ts';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const rendererDir = join(repoRoot, 'out/renderer');
export const screenshotDir = join(repoRoot, 'test-output/e2e');

export interface Harness {
  engine: Engine;
  page: Page;
  bridge: Bridge;
  /** page errors and console errors seen so far */
  problems: string[];
  /** the path the next dialog the page opens will answer with (the user's pick) */
  answerNextDialog(path: string): void;
  /** what the shell grants outside the page's dialogs, e.g. File › Import…'s pick */
  grant(path: string, purpose: PathPurpose): void;
  /** saves test-output/e2e/<name>.png; fullPage takes the whole scrolled page, not the viewport */
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** open this existing project instead of a new one in a temp folder */
  projectPath?: string;
  /** prepares the engine's project before the page loads (import fixtures, save models …) */
  prepare?: (engine: Engine) => Promise<void> | void;
  viewport?: { width: number; height: number };
  /** the engine as the app opens it (job workers below its priority, one started ahead); off in tests */
  interactive?: boolean;
}

export function assertRendererBuilt(): void {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`${rendererDir}/index.html is missing: build the renderer first (npx electron-vite build)`);
  }
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  assertRendererBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'amr-e2e-'));
  const engine = createEngine({ projectPath: options.projectPath ?? join(dir, 'e2e.amrproj'), create: options.projectPath === undefined, interactive: options.interactive ?? false });
  let server: StaticServer | null = null;
  let browser: Browser | null = null;
  try {
    await options.prepare?.(engine);
    server = await serveDirectory(rendererDir);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    const dialogs = new DialogStandIn();
    const bridge = await installBridge(page, async (channel, arg, emit) => {
      if (isDialogChannel(channel)) return dialogs.answer(channel, arg);
      const refusal = dialogs.grants.refusal(pageWindowId, channel, arg);
      if (refusal) return { ok: false, error: refusal };
      return dispatch(handlers, engine, channel, arg, emit);
    });
    engine.jobs.subscribe((p) => bridge.emit('jobProgress', p));
    await page.goto(server.url);
    const openServer = server;
    const openBrowser = browser;
    return {
      engine,
      page,
      bridge,
      problems,
      answerNextDialog: (path) => dialogs.queued.push(path),
      grant: (path, purpose) => void dialogs.grants.grant(pageWindowId, path, purpose),
      async screenshot(name, options) {
        mkdirSync(screenshotDir, { recursive: true });
        const file = join(screenshotDir, `${name}.png`);
        await page.screenshot({ path: file, fullPage: options?.fullPage ?? false });
        return file;
      },
      async close() {
        await openBrowser.close();
        await openServer.close();
        await engine.dispose();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close();
    await server?.close();
    await engine.dispose();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** the one page stands for the app's one window */
const pageWindowId = 1;

const dialogPurposes: Record<DialogChannelName, PathPurpose> = {
  chooseImportFile: 'open-file',
  chooseSavePath: 'save',
  chooseFolder: 'open-folder',
  chooseProgram: 'run',
};

function isDialogChannel(channel: string): channel is DialogChannelName {
  return (dialogChannelNames as readonly string[]).includes(channel);
}

class DialogStandIn {
  readonly grants = new PathGrants();
  readonly queued: string[] = [];

  answer(channel: DialogChannelName, arg: unknown): Result<{ path: string } | null> {
    const parsed = dialogContract[channel].input.safeParse(arg ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'VALIDATION', message: `${channel}: ${parsed.error.message}` } };
    const suggestion = channel === 'chooseSavePath' ? (parsed.data as { defaultPath?: string }).defaultPath : undefined;
    const picked = this.queued.shift() ?? suggestion;
    return { ok: true, value: picked ? { path: this.grants.grant(pageWindowId, picked, dialogPurposes[channel]) } : null };
  }
}

/** plotly keeps its figure's traces on the element as `data` */
export async function plotTraces(page: Page, label: string): Promise<{ type: string; x: number[]; y: number[] }[]> {
  return page.evaluate((l) => {
    const el = document.querySelector(`[data-plot="${l}"]`) as unknown as { data?: { type: string; x: number[]; y: number[] }[] } | null;
    return (el?.data ?? []).map((t) => ({ type: t.type, x: Array.from(t.x ?? []), y: Array.from(t.y ?? []) }));
  }, label);
}
