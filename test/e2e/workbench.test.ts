// The built renderer in real Chromium over a real engine: every page, an import through the
// UI, the sample viewer and class view plots, a short training job, and the export dialog.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pages } from '../../src/renderer/src/app/pages.ts';
import { writeRmlPickle, type PickleFixture } from './fixtures.ts';
import { plotTraces, startHarness, type Harness } from './harness.ts';

describe('workbench in Chromium', () => {
  let h: Harness;
  let dir: string;
  let fixture: PickleFixture;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amr-e2e-data-'));
    fixture = writeRmlPickle(join(dir, 'tiny_rml.pkl'), { perKey: 6, snrs: [-10, 0, 10], length: 128, seed: 7 });
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens every page, shows the project from the engine, and saves a screenshot of each', async () => {
    const { page } = h;
    await expect.poll(() => page.textContent('[data-testid="status-project"]')).toContain(h.engine.projectPath);
    await expect.poll(() => page.textContent('[data-testid="status-backend"]')).toMatch(/Compute: \w+/);
    expect(h.bridge.calls).toContain('getProjectInfo');
    for (const p of pages) {
      await page.click(`nav [data-page="${p.id}"]`);
      await page.waitForSelector(`main[data-current-page="${p.id}"] h2`);
      const title = await page.textContent(`main[data-current-page="${p.id}"] h2`);
      expect(title?.replace(/\s+/g, ' ')).toBe(p.label);
      await page.waitForLoadState('networkidle');
      await h.screenshot(`page-${p.id}`);
    }
    // the empty project tells people what to do next
    await page.click('nav [data-page="datasets"]');
    await expect.poll(() => page.textContent('[data-testid="empty-state"]')).toContain('Import');
  });

  it('reaches every page from the keyboard', async () => {
    const { page } = h;
    await page.keyboard.press('Alt+7');
    await page.waitForSelector('main[data-current-page="jobs"]');
    await page.keyboard.press('Alt+1');
    await page.waitForSelector('main[data-current-page="datasets"]');
  });

  it('explains a failed import with its code and the file', async () => {
    const { page } = h;
    const missing = join(dir, 'nope.pkl');
    h.answerNextDialog(missing);
    await page.click('button[name="import-choose"]');
    await page.click('form[aria-label="Import a dataset"] button[type="submit"]');
    const alert = await page.waitForSelector('[data-testid="import-error"]');
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain(missing);
    expect(text).toMatch(/^[A-Z_]+: /);
  });

  it('imports a pickle through the UI and shows its class × SNR matrix', async () => {
    const { page } = h;
    h.answerNextDialog(fixture.path);
    await page.click('button[name="import-choose"]');
    await page.click('form[aria-label="Import a dataset"] button[type="submit"]');
    await page.waitForSelector('[data-testid="import-message"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="count-matrix"]');
    for (const c of fixture.classes) {
      for (const snr of fixture.snrs) {
        expect(await page.textContent(`[data-cell="${c}|${snr}"]`)).toBe(String(fixture.perKey));
      }
    }
    const total = fixture.classes.length * fixture.snrs.length * fixture.perKey;
    await expect.poll(() => page.getAttribute('[data-testid="sample-table"]', 'data-total')).toBe(String(total));
    expect(h.engine.store.listDatasets().map((d) => d.count)).toEqual([total]);
    await h.screenshot('datasets-imported');
  });

  it('opens a sample: the constellation has one point per I/Q sample, and the keyboard steps on', async () => {
    const { page } = h;
    await page.click('.sample-row >> nth=0');
    await page.waitForSelector('[data-testid="sample-viewer"] [data-plot="constellation"] .main-svg');
    const firstId = await page.getAttribute('[data-testid="sample-viewer"]', 'data-sample-id');
    await expect.poll(async () => (await plotTraces(page, 'constellation'))[0]?.x.length).toBe(fixture.length);
    const [trace] = await plotTraces(page, 'constellation');
    expect(trace!.type).toBe('scattergl');
    expect(trace!.y).toHaveLength(fixture.length);
    // the points are the stored sample, not a placeholder
    const stored = h.engine.store.getSample(Number(firstId));
    expect(trace!.x[5]).toBeCloseTo(stored.iq[5]!, 6);
    expect(trace!.y[5]).toBeCloseTo(stored.iq[fixture.length + 5]!, 6);
    expect(await plotTraces(page, 'psd')).toHaveLength(1);
    // a pickle records no sample rate: samples and cycles/sample
    expect(await page.textContent('[data-testid="sample-viewer"] [data-plot="psd"] .g-xtitle')).toBe('frequency (cycles/sample)');
    expect(await page.textContent('[data-testid="sample-viewer"] [data-plot="iq-time"] .g-xtitle')).toBe('sample');
    expect(h.problems.filter((p) => /WebGL|Content Security Policy/i.test(p))).toEqual([]);
    await h.screenshot('sample-viewer');

    await page.focus('[data-testid="sample-table"]');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getAttribute('[data-testid="sample-viewer"]', 'data-sample-id')).not.toBe(firstId);
  });

  it('filters the sample table by class and SNR in the engine', async () => {
    const { page } = h;
    await page.selectOption('select[name="filter-class"]', { label: 'QPSK' });
    await page.fill('input[name="filter-snr-min"]', '0');
    await page.fill('input[name="filter-snr-max"]', '10');
    await expect.poll(() => page.getAttribute('[data-testid="sample-table"]', 'data-total')).toBe(String(2 * fixture.perKey));
    const classes = await page.$$eval('.sample-row span:nth-child(3)', (els) => els.map((e) => e.textContent));
    expect(new Set(classes)).toEqual(new Set(['QPSK']));
  });

  it('shows a density constellation of one class at one SNR, computed in the engine', async () => {
    const { page } = h;
    await page.click('[data-cell="QPSK|10"]');
    await page.waitForSelector('[data-plot="density"] .main-svg');
    const z = await page.evaluate(() => {
      const el = document.querySelector('[data-plot="density"]') as unknown as { data: { type: string; z: number[][] }[] };
      return { type: el.data[0]!.type, sum: el.data[0]!.z.flat().reduce((a, b) => a + b, 0) };
    });
    expect(z.type).toBe('heatmap');
    // every point of every selected vector lands in the grid (its extent is the largest |I|,|Q|)
    expect(z.sum).toBe(fixture.perKey * fixture.length);
    await page.click('button:has-text("Show class × SNR grid")');
    await page.waitForSelector('[data-testid="density-mosaic"] canvas');
    expect(await page.locator('[data-testid="density-mosaic"] canvas').count()).toBe(fixture.classes.length * fixture.snrs.length);
    await h.screenshot('class-view');
  });

  it('trains a model: progress reaches 100 %, then accuracy vs SNR and the confusion matrix appear', async () => {
    const { page } = h;
    await page.click('nav [data-page="training"]');
    await page.waitForSelector('form[aria-label="Training settings"]');
    await expect.poll(() => page.$$eval('select[name="architecture"] option', (o) => o.map((e) => (e as HTMLOptionElement).value))).toContain('cnn1d');
    await page.selectOption('select[name="architecture"]', 'cnn1d');
    await page.fill('input[name="epochs"]', '2');
    await page.fill('input[name="batchSize"]', '16');
    await page.click('form[aria-label="Training settings"] button[type="submit"]');
    const jobPanel = await page.waitForSelector('[data-testid="training-job"]');
    const jobId = Number(await jobPanel.getAttribute('data-job-id'));
    await page.waitForSelector(`[data-testid="job-progress-${jobId}"][data-percent="100"]`, { timeout: 90_000 });
    await page.waitForSelector('[data-testid="training-job"][data-status="done"]', { timeout: 30_000 });
    await page.waitForSelector('[data-plot="accuracy-vs-snr"] .main-svg', { timeout: 30_000 });
    const [curve] = await plotTraces(page, 'accuracy-vs-snr');
    // the SNRs of the test split, each with an accuracy in [0, 1]
    expect(curve!.x.length).toBeGreaterThan(0);
    for (const snr of curve!.x) expect(fixture.snrs).toContain(snr);
    for (const a of curve!.y) expect(a).toBeGreaterThanOrEqual(0);
    for (const a of curve!.y) expect(a).toBeLessThanOrEqual(1);
    const confusion = await page.evaluate(() => (document.querySelector('[data-plot="confusion"]') as unknown as { data: { z: number[][] }[] }).data[0]!.z);
    expect(confusion).toHaveLength(fixture.classes.length);
    expect(h.engine.store.getJob(jobId).status).toBe('done');
    await h.screenshot('training-done');

    await page.click('nav [data-page="jobs"]');
    await page.waitForSelector(`tr[data-job-id="${jobId}"]`);
    await page.click(`tr[data-job-id="${jobId}"] button:has-text("Log")`);
    await expect.poll(() => page.textContent('[data-testid="job-log"]')).toContain('epoch');
    await h.screenshot('jobs-log');
  });

  it('opens the export dialog of a model', async () => {
    const { page } = h;
    const datasetId = h.engine.store.listDatasets()[0]!.id;
    h.engine.store.saveModel({
      name: 'tiny-vtcnn2',
      architecture: 'vtcnn2',
      spec: { arch: 'vtcnn2' },
      weights: new Uint8Array(4096),
      metrics: { params: 12345, accuracy: 0.5 },
      datasetId,
      operation: 'train',
    });
    await page.click('nav [data-page="models"]');
    const row = 'tr[data-model-id]:has-text("tiny-vtcnn2")';
    await page.waitForSelector(row);
    expect(await page.textContent(row)).toContain('12,345');
    expect(await page.locator('tr[data-model-id]:has-text("cnn1d")').count()).toBe(1);
    await page.click(`${row} button:has-text("Export")`);
    await page.waitForSelector('[data-testid="export-dialog"][open]');
    await h.screenshot('export-dialog');
    await page.click('[data-testid="export-dialog"] button:has-text("Close")');
    await page.waitForSelector('[data-testid="export-dialog"]', { state: 'detached' });
  });

  it('switches to the dark theme', async () => {
    const { page } = h;
    await page.click('nav [data-page="datasets"]');
    await page.click('button[aria-label="Toggle dark theme"]');
    await expect.poll(() => page.getAttribute('html', 'data-theme')).toBe('dark');
    await page.waitForSelector('[data-testid="count-matrix"]');
    await h.screenshot('datasets-dark');
  });

  it('imports a file chosen in the shell menu (File › Import…) pushed as an event', async () => {
    const { page } = h;
    const second = writeRmlPickle(join(dir, 'second_rml.pkl'), { perKey: 2, snrs: [4], length: 128, seed: 3 });
    await page.click('nav [data-page="jobs"]');
    // the shell grants what its menu's dialog picked before telling the page
    h.grant(second.path, 'open-file');
    h.bridge.emit('importRequested', { path: second.path });
    await page.waitForSelector('main[data-current-page="datasets"]');
    await page.waitForSelector('[data-testid="import-message"]', { timeout: 30_000 });
    await page.waitForSelector('button[data-dataset="second_rml"]');
    expect(h.engine.store.listDatasets().map((d) => d.name)).toEqual(['tiny_rml', 'second_rml']);
    await expect.poll(() => page.textContent(`[data-cell="QPSK|4"]`)).toBe('2');
  });
});
