// The Distillation view in real Chromium over a real engine: an MDM run started from the form in
// a job process, its loss curve growing while it runs, the synthetic signals drawn beside real
// ones of their class, an evaluation job, and the sortable results table. Full-page screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedDataset } from '../../src/main/engine/dsp/synth/write.ts';
import { plotTraces, screenshotDir, startHarness, type Harness } from './harness.ts';

describe('distillation view in Chromium', () => {
  let h: Harness;
  let sourceId: number;

  beforeAll(async () => {
    h = await startHarness({
      prepare: async (engine) => {
        const d = await writeGeneratedDataset(engine.store, { preset: 'rml2016', classes: ['BPSK', 'QPSK', 'AM-DSB', 'GFSK'], snrs: [6, 18], perKey: 16, length: 64, seed: 5 }, { name: 'four' });
        sourceId = d.id;
      },
    });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  // the page scrolls inside the app frame, so a tall window shows all of it at once
  const fullPage = async (name: string) => {
    mkdirSync(screenshotDir, { recursive: true });
    const size = h.page.viewportSize()!;
    await h.page.setViewportSize({ width: size.width, height: 2000 });
    await h.page.screenshot({ path: join(screenshotDir, `${name}.png`) });
    await h.page.setViewportSize(size);
  };

  it('runs MDM from the form: the loss curve moves while the job runs, then the synthetic signals show beside real ones', async () => {
    const { page } = h;
    await page.click('nav [data-page="distillation"]');
    await page.waitForSelector('form[aria-label="Distillation settings"]');
    // each matching method starts from its own default augmentation: DM plain, MDM through the orbit
    await page.selectOption('select[name="distill-method"]', 'dm');
    expect(await page.inputValue('select[name="distill-augment"]')).toBe('none');
    await page.selectOption('select[name="distill-method"]', 'mdm');
    expect(await page.inputValue('select[name="distill-augment"]')).toBe('orbit');
    await page.fill('input[name="distill-ipc"]', '2');
    await page.fill('input[name="distill-iterations"]', '120');
    await page.fill('input[name="distill-width"]', '16');
    await page.click('form[aria-label="Distillation settings"] button[type="submit"]');
    // seen in one moment: the job still running and points already on the curve
    await page.waitForFunction(
      () => {
        const job = document.querySelector('[data-testid="distill-job"]');
        const curve = document.querySelector('[data-testid="distill-loss"]');
        return job?.getAttribute('data-status') === 'running' && Number(curve?.getAttribute('data-points') ?? 0) >= 3;
      },
      undefined,
      { timeout: 120_000 },
    );
    const whileRunning = Number(await page.getAttribute('[data-testid="distill-loss"]', 'data-points'));
    expect(whileRunning).toBeLessThan(120);
    await page.waitForSelector('[data-testid="distill-job"][data-status="done"]', { timeout: 180_000 });
    await expect.poll(() => page.getAttribute('[data-testid="distill-loss"]', 'data-points'), { timeout: 10_000 }).toBe('120');
    const curves = await plotTraces(page, 'distill-loss-curve');
    expect(curves.map((c) => c.x.length)).toEqual([120, 120]);
    expect(curves[1]!.y.every((v) => v > 0)).toBe(true);

    const distilled = h.engine.store.listDatasets().find((d) => d.kind === 'distilled')!;
    expect(distilled).toMatchObject({ count: 8, format: 'distilled-mdm' });
    expect(await page.textContent('[data-testid="distill-origin"]')).toContain(`MDM ipc 2 · α 1 · 120 iterations · orbit augmentation · ConvNet w16×3 · seed 0 · from “four” (#${sourceId}`);
    await page.selectOption('select[name="distill-class"]', '1');
    await page.waitForSelector('[data-testid="distill-signals"][data-class="QPSK"]');
    expect(await page.getAttribute('[data-testid="distill-signals"]', 'data-synthetic')).toBe('2');
    const constellation = await plotTraces(page, 'distill-constellation');
    expect(constellation).toHaveLength(4 + 2);
    const psd = await plotTraces(page, 'distill-psd');
    expect(psd[0]!.x).toHaveLength(64);
    expect(psd[1]!.y.every(Number.isFinite)).toBe(true);
    await fullPage('distillation-run');
    // resizing the window re-lays the figures out; the loss curve keeps its height
    await page.waitForTimeout(500);
    expect((await page.locator('[data-plot="distill-loss-curve"]').boundingBox())!.height).toBeGreaterThan(200);
  });

  it('evaluates the set on fresh networks and lists mean ± std in a table that sorts', async () => {
    const { page } = h;
    await page.fill('input[name="eval-runs"]', '2');
    await page.fill('input[name="eval-epochs"]', '5');
    // networks train augmented unless unticked
    expect(await page.isChecked('input[name="eval-augment"]')).toBe(true);
    await page.click('form[aria-label="Evaluation settings"] button[type="submit"]');
    await page.waitForSelector('[data-testid="distill-eval-job"][data-status="done"]', { timeout: 180_000 });
    await page.waitForSelector('[data-testid="distill-results"] tbody tr');
    const rows = await page.$$eval('[data-testid="distill-results"] tbody tr', (trs) => trs.map((r) => r.getAttribute('data-row')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^mdm\/2\/convnet\/\d+$/);
    const accuracy = await page.textContent('[data-testid="distill-results"] tbody tr td[data-col="accuracy"]');
    expect(accuracy).toMatch(/^\d+\.\d % ± \d+\.\d$/);
    expect(await page.textContent('[data-testid="distill-results"] tbody tr td[data-col="arch"]')).toBe('convnet (augmented training)');
    await page.click('[data-testid="distill-results"] button[data-sort-key="accuracy"]');
    expect(await page.getAttribute('[data-testid="distill-results"]', 'data-sort')).toBe('accuracy:asc');
    await fullPage('distillation-results');
    // the distilled set is a dataset like any other, its lineage in the list's source column
    await page.click('nav [data-page="datasets"]');
    const origin = await page.waitForSelector('td[data-origin="MDM ipc 2 of four"]');
    expect(await origin.textContent()).toContain(`MDM ipc 2 · α 1 · 120 iterations · orbit augmentation · ConvNet w16×3 · seed 0 · from “four” (#${sourceId}`);
    expect(h.problems).toEqual([]);
  });
});
