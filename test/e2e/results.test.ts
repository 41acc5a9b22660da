// The results view in real Chromium: a model trained from the command line (no window saw its
// job) opened from the Models table with its curves, accuracy vs SNR, per-class figures and a
// confusion matrix filtered by SNR; then evaluated on a dataset whose classes carry other names
// (RML2018 spelling, one class the model lacks), through the mapping form.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as generate } from '../../src/main/cli/commands/generate.ts';
import { command as train } from '../../src/main/cli/commands/train.ts';
import { plotTraces, startHarness, type Harness } from './harness.ts';

const quiet = (): void => {};

describe('model results in Chromium', { timeout: 180_000 }, () => {
  let h: Harness;
  let dir: string;
  let modelId: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amr-e2e-results-'));
    const project = join(dir, 'lab.amrproj');
    const common = { snr: '0,10,18', length: '64', 'per-key': '32' };
    await generate.run({ positionals: [project], flags: { ...common, preset: 'rml2016', classes: 'BPSK,QPSK,QAM16,AM-SSB', seed: '1', name: 'RML2016-style' } }, quiet);
    const trained = await train.run({ positionals: [project], flags: { dataset: '1', model: 'cnn1d', epochs: '4', batch: '32', seed: '2' } }, quiet);
    modelId = (trained.json as { modelId: number }).modelId;
    await generate.run({ positionals: [project], flags: { ...common, preset: 'rml2018', classes: 'BPSK,QPSK,16QAM,FM', seed: '3', name: 'RML2018-names' } }, quiet);
    h = await startHarness({ projectPath: project, viewport: { width: 1400, height: 1100 } });
  }, 240_000);

  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a CLI-trained model from the Models table: curves, accuracy vs SNR, per class, confusion by SNR', async () => {
    const { page } = h;
    await page.click('nav [data-page="models"]');
    const row = await page.waitForSelector(`tr[data-model-id="${modelId}"]`);
    const cells = await row.$$eval('td', (tds) => tds.map((td) => td.textContent?.trim() ?? ''));
    const stored = h.engine.store.getModel(modelId);
    expect(cells.slice(0, 5)).toEqual([String(modelId), stored.name, 'cnn1d', 'RML2016-style', '4']);
    expect(cells[5]).toBe((stored.metrics['params'] as number).toLocaleString());
    expect(cells[7]).toBe(`${(100 * (stored.metrics['accuracy'] as number)).toFixed(1)} %`);

    await page.click(`tr[data-model-id="${modelId}"] button:has-text("Results")`);
    await page.waitForSelector('[data-testid="model-results"]');
    expect(await page.textContent('[data-testid="model-facts"]')).toMatch(/cnn1d · trained on RML2016-style · 4 epochs · [\d,]+ trainable parameters \([\d,]+ in all/);
    await page.waitForSelector('[data-plot="loss-curve"] .main-svg');
    expect((await plotTraces(page, 'loss-curve'))[0]!.x).toEqual([1, 2, 3, 4]);
    expect(await page.evaluate(() => (document.querySelector('[data-plot="loss-curve"]') as unknown as { data: { name: string }[] }).data.map((t) => t.name))).toEqual(['Training loss', 'Validation loss']);
    await page.waitForSelector('[data-plot="accuracy-vs-snr"] .main-svg');
    expect((await plotTraces(page, 'accuracy-vs-snr'))[0]!.x).toEqual([0, 10, 18]);
    expect(await page.$$eval('[data-testid="per-class"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-class')))).toEqual(['BPSK', 'QPSK', 'QAM16', 'AM-SSB']);
    // axis and colour-bar titles in words
    const titles = await page.evaluate(() => {
      const el = document.querySelector('[data-plot="confusion"]') as unknown as { layout: { xaxis: { title: { text: string } }; yaxis: { title: { text: string } }; title: { text: string } }; data: { colorbar: { title: { text: string } } }[] };
      return [el.layout.xaxis.title.text, el.layout.yaxis.title.text, el.data[0]!.colorbar.title.text, el.layout.title.text];
    });
    expect(titles.slice(0, 3)).toEqual(['Predicted class', 'True class', 'Share of the true class']);
    expect(titles[3]).toMatch(/^Confusion matrix, all SNRs/);
    await page.selectOption('select[name="confusion-snr"]', '18');
    await expect.poll(() => page.evaluate(() => (document.querySelector('[data-plot="confusion"]') as unknown as { layout: { title: { text: string } } }).layout.title.text)).toMatch(/^Confusion matrix, 18 dB/);
    await h.screenshot('results-cli-model', { fullPage: true });
  });

  it('evaluates it on a dataset with other class names, keeping its own test figure', async () => {
    const { page } = h;
    const headline = await page.textContent('[data-testid="headline-accuracy"]');
    // the form starts open while the model has no evaluations
    expect(await page.$eval('details:has(form[aria-label="Evaluate on a dataset"])', (d) => (d as HTMLDetailsElement).open)).toBe(true);
    // its own data, all of it: refused with the reason, the button disabled
    await page.selectOption('select[name="evaluate-dataset"]', '1');
    await page.selectOption('select[name="evaluate-split"]', 'all');
    await expect.poll(() => page.textContent('[data-testid="evaluate-problem"]')).toMatch(/training data/);
    expect(await page.isDisabled('form[aria-label="Evaluate on a dataset"] button[type="submit"]')).toBe(true);

    await page.selectOption('select[name="evaluate-split"]', '');
    await page.selectOption('select[name="evaluate-dataset"]', '2');
    await page.waitForSelector('[data-testid="class-mapping"] tr[data-dataset-class="16QAM"]');
    await expect.poll(() => page.inputValue('select[name="map-16QAM"]')).toBe('QAM16');
    expect(await page.inputValue('select[name="map-FM"]')).toBe('');
    expect(await page.$('[data-testid="evaluate-problem"]')).toBeNull();
    await page.click('form[aria-label="Evaluate on a dataset"] button[type="submit"]');
    await page.waitForSelector('[data-testid="evaluate-job"][data-status="done"]', { timeout: 90_000, state: 'attached' });
    await page.waitForSelector('[data-testid="evaluation"][data-evaluation-id="1"]');
    expect(await page.textContent('[data-testid="per-class"] tr[data-class="AM-SSB"]')).toContain('no samples');
    expect(await page.textContent('[data-testid="per-class"] tfoot')).toContain('Left out (no model class): FM');
    expect(await page.textContent('[data-testid="class-map"]')).toContain('16QAM → QAM16');
    expect(await page.textContent('[data-testid="headline-accuracy"]')).toBe(headline);
    const [record] = h.engine.store.listEvaluations({ modelId });
    expect(record).toMatchObject({ datasetName: 'RML2018-names', split: 'all', sampleCount: 3 * 3 * 32, includesTraining: false });
    await h.screenshot('results-cross-dataset-evaluation', { fullPage: true });
    expect(h.problems).toEqual([]);
  });
});
