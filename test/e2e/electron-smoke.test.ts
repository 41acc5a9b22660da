// Launches the real Electron app where an Electron binary is installed. Build machines without
// one (the binary is fetched from the internet on first run) skip this file and say so.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const pathFile = join(electronDir, 'path.txt');
const electronBinary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined;
const hasElectron = electronBinary !== undefined && existsSync(electronBinary);

if (!hasElectron) {
  console.warn('Electron smoke test SKIPPED: no Electron binary in node_modules/electron/dist on this machine.');
}

describe.skipIf(!hasElectron)('Electron smoke test', () => {
  it('opens the main window on a project and shows the navigation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amr-electron-'));
    const app = await electron.launch({
      executablePath: electronBinary!,
      args: ['.', join(dir, 'smoke.amrproj'), '--no-sandbox'],
      env: { ...process.env, AMR_USER_DATA: dir },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForSelector('nav');
      const out = join('test-output', 'e2e');
      mkdirSync(out, { recursive: true });
      await page.screenshot({ path: join(out, 'electron-smoke.png') });
      expect(await page.locator('nav').textContent()).toContain('Datasets');
      const apiKeys = await page.evaluate(() => Object.keys((window as unknown as { api: object }).api));
      expect(apiKeys.length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
