// The renderer cannot hand the engine a path of its own: in real Chromium, a page script calling
// window.api with a raw path (reading /etc-like files, exporting over a user's folder) is refused
// with PATH_NOT_GRANTED and nothing is read or written, while the same calls with a path the
// dialog granted go through. The harness answers the dialogs (the native ones cannot be driven
// here) and grants through the shell's own PathGrants, which the shell's IPC checks every call with.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRmlPickle, type PickleFixture } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

type Outcome = { ok: boolean; error?: { code: string; message: string }; value?: unknown };

describe('path grants in Chromium', () => {
  let h: Harness;
  let dir: string;
  let fixture: PickleFixture;
  let secret: string;
  let userFolder: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amr-e2e-grants-'));
    fixture = writeRmlPickle(join(dir, 'granted_rml.pkl'), { perKey: 4, snrs: [0, 10], length: 128, seed: 11 });
    secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'not for the page\n'.repeat(64));
    userFolder = join(dir, 'user-folder');
    mkdirSync(userFolder);
    writeFileSync(join(userFolder, 'thesis.tex'), 'keep me');
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (channel: string, arg: unknown): Promise<Outcome> =>
    h.page.evaluate(([c, a]) => (window as unknown as { api: Record<string, (x: unknown) => Promise<Outcome>> }).api[c as string]!(a), [channel, arg] as const);

  it('refuses raw paths injected into import and export calls, reading and writing nothing', async () => {
    const read = await api('importDataset', { path: secret, format: 'raw-iq' });
    expect(read.ok).toBe(false);
    expect(read.error?.code).toBe('PATH_NOT_GRANTED');
    expect(read.error?.message).toContain(`importDataset: path '${secret}' was not chosen in an open-file dialog`);

    const wipe = await api('startExport', { modelId: 1, format: 'tfjs', outPath: userFolder, overwrite: true });
    expect(wipe.error?.code).toBe('PATH_NOT_GRANTED');
    const drop = await api('startDatasetExport', { datasetId: 1, format: 'npz', outPath: join(dir, 'dropped.npz'), overwrite: true });
    expect(drop.error?.code).toBe('PATH_NOT_GRANTED');

    // a path the user picked to save to does not become readable, nor a detour through it
    h.answerNextDialog(join(dir, 'picked.npz'));
    const saved = await api('chooseSavePath', { title: 'Export' });
    expect(saved).toEqual({ ok: true, value: { path: join(dir, 'picked.npz') } });
    expect((await api('importDataset', { path: join(dir, 'picked.npz') })).error?.code).toBe('PATH_NOT_GRANTED');
    expect((await api('importDataset', { path: `${join(dir, 'picked.npz')}/../secret.txt` })).error?.code).toBe('PATH_NOT_GRANTED');

    expect(h.engine.store.listDatasets()).toEqual([]);
    expect(h.engine.jobs.list({})).toEqual([]);
    expect(readdirSync(userFolder)).toEqual(['thesis.tex']);
    expect(existsSync(join(dir, 'dropped.npz'))).toBe(false);
  });

  it('imports a file picked in the dialog and exports to a path picked in the save dialog', async () => {
    const { page } = h;
    h.answerNextDialog(fixture.path);
    await page.click('button[name="import-choose"]');
    await expect.poll(() => page.inputValue('input[name="import-path"]')).toBe(fixture.path);
    await page.click('form[aria-label="Import a dataset"] button[type="submit"]');
    await page.waitForSelector('[data-testid="import-message"]', { timeout: 30_000 });
    const [dataset] = h.engine.store.listDatasets();
    expect(dataset).toMatchObject({ name: 'granted_rml', count: fixture.classes.length * fixture.snrs.length * fixture.perKey });

    const out = join(dir, 'granted.npz');
    h.answerNextDialog(out);
    const chosen = await api('chooseSavePath', { title: 'Export', extensions: ['npz'] });
    expect(chosen).toEqual({ ok: true, value: { path: out } });
    const started = await api('startDatasetExport', { datasetId: dataset!.id, format: 'npz', outPath: out });
    expect(started.ok).toBe(true);
    await expect.poll(() => h.engine.jobs.list({ kind: 'export-dataset' })[0]?.status, { timeout: 60_000 }).toBe('done');
    expect(statSync(out).size).toBeGreaterThan(dataset!.count * 128 * 2 * 4);
  }, 90_000);
});
