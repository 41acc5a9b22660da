// The Training page's subset and augmentation settings in real Chromium over a real engine: an
// MSM preview (original, chosen partner, result as I/Q traces and constellations, with its
// DTW similarity), a training job with MSM on one class's 18 dB signals at most 6 per cell,
// recorded with the model, and a derived dataset written from the same settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedDataset } from '../../src/main/engine/dsp/synth/write.ts';
import type { Engine } from '../../src/main/engine/engine.ts';
import { plotTraces, startHarness, type Harness } from './harness.ts';

const length = 128;
const classes = ['BPSK', 'QPSK', 'GFSK'];

async function prepare(engine: Engine): Promise<void> {
  const dataset = await writeGeneratedDataset(engine.store, { preset: 'rml2016', classes, snrs: [0, 18], perKey: 16, length, seed: 4 }, { name: 'lab' });
  engine.store.assignSplits(dataset.id, { train: 0.5, val: 0.25, test: 0.25, seed: 1 });
}

describe('augmentation on the Training page in Chromium', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ prepare });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('previews MSM: the original, the most similar partner and the result, with the similarity', async () => {
    const { page } = h;
    await page.click('nav [data-page="training"]');
    await page.waitForSelector('form[aria-label="Training settings"]');
    await page.selectOption('select[name="augment-method"]', 'msm');
    await page.check('input[name="subset-class-QPSK"]');
    await page.selectOption('select[name="subset-snrMin"]', '18');
    await page.selectOption('select[name="subset-snrMax"]', '18');
    await page.fill('input[name="subset-per-cell"]', '6');
    await page.click('[data-testid="augment-preview"] button:has-text("Preview")');
    await page.waitForSelector('[data-testid="augment-preview"][data-ready="true"]');
    await page.waitForSelector('[data-plot="preview-result-iq"] .main-svg');
    const summary = (await page.textContent('[data-testid="preview-summary"]')) ?? '';
    expect(summary).toContain('MSM, exchange 0.5, pool 64, band 0.1, same SNR');
    expect(summary).toContain('QPSK · 18 dB');
    const distance = Number(/relative DTW distance ([\d.]+)/.exec(summary)?.[1]);
    expect(distance).toBeGreaterThan(0);
    expect(distance).toBeLessThan(2);
    // 8 QPSK training signals at 18 dB: MSM examined the other 7
    expect(summary).toContain('7 candidates examined of 7');

    // the original is the stored sample; the result is it with the partner's shaded segment, rescaled
    const originalId = Number(/original #(\d+)/.exec((await page.textContent('[data-testid="preview-original"]')) ?? '')?.[1]);
    const stored = h.engine.store.getSample(originalId);
    expect(stored).toMatchObject({ className: 'QPSK', snr: 18, split: 'train' });
    const [origI] = await plotTraces(page, 'preview-original-iq');
    const [partnerI] = await plotTraces(page, 'preview-partner-0-iq');
    const [resultI] = await plotTraces(page, 'preview-result-iq');
    const shapes = await page.evaluate(() => (document.querySelector('[data-plot="preview-result-iq"]') as unknown as { layout: { shapes: { x0: number; x1: number }[] } }).layout.shapes);
    expect(shapes).toHaveLength(1);
    const start = shapes[0]!.x0 + 0.5;
    const end = shapes[0]!.x1 + 0.5;
    expect(end - start).toBe(length / 2);
    const k0 = start > 0 ? 0 : length - 1;
    const scale = resultI!.y[k0]! / origI!.y[k0]!;
    for (let n = 0; n < length; n++) {
      expect(origI!.y[n]).toBeCloseTo(stored.iq[n]!, 7);
      const source = n >= start && n < end ? partnerI! : origI!;
      expect(resultI!.y[n]).toBeCloseTo(source.y[n]! * scale, 6);
    }
    const [constellation] = await plotTraces(page, 'preview-result-constellation');
    expect(constellation!.x).toEqual(resultI!.y);
    await h.screenshot('augmentation-preview');
    await page.locator('[data-plot="preview-result-constellation"]').scrollIntoViewIfNeeded();
    await h.screenshot('augmentation-preview-plots');
  });

  it('trains with the augmentation on the subset and records both with the model', async () => {
    const { page } = h;
    await page.selectOption('select[name="architecture"]', 'cnn1d');
    await page.fill('input[name="epochs"]', '1');
    await page.fill('input[name="batchSize"]', '8');
    await page.fill('input[name="threads"]', '1');
    await page.check('input[name="augment-rf-phase"]');
    await page.click('form[aria-label="Training settings"] button[type="submit"]');
    const jobPanel = await page.waitForSelector('[data-testid="training-job"]');
    const jobId = Number(await jobPanel.getAttribute('data-job-id'));
    await page.waitForSelector('[data-testid="training-job"][data-status="done"]', { timeout: 90_000 });
    const { modelId } = h.engine.store.getJob(jobId).result as { modelId: number };
    const model = h.engine.store.listModels().find((m) => m.id === modelId)!;
    expect(model.config).toMatchObject({
      subset: { snrMin: 18, snrMax: 18, classes: [1], perCell: 6, trainSignals: 6 },
      augment: { method: 'MSM, exchange 0.5, pool 64, band 0.1, same SNR + RF phase', bankSignals: 6, convention: 'l1' },
    });
    await h.screenshot('augmentation-trained');
  });

  it('writes the augmentation as a derived dataset that the Datasets page shows with its parent', async () => {
    const { page } = h;
    await page.fill('input[name="augment-per-sample"]', '2');
    await page.click('[data-testid="augment-preview"] button:has-text("Write derived dataset")');
    await page.waitForSelector('[data-testid="derived-job"]');
    await expect.poll(() => h.engine.store.listDatasets().some((d) => d.kind === 'augmented'), { timeout: 60_000 }).toBe(true);
    const derived = h.engine.store.listDatasets().find((d) => d.kind === 'augmented')!;
    // the 96 originals, and 2 new signals for each of the 48 training signals
    expect(derived.count).toBe(96 + 2 * 48);
    await page.click('nav [data-page="datasets"]');
    await expect.poll(() => page.textContent(`[data-derived-from="1"]`)).toContain('augmented from lab (MSM, exchange 0.5, pool 64, band 0.1, same SNR + RF phase)');
    await h.screenshot('augmentation-derived-dataset');
  });
});
