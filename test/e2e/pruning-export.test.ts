// The Pruning and Models & Export views in real Chromium over a real engine: a tiny ResNet1D
// trained in setup, its CKA heat map and unit scores, a prune job whose child appears in the
// lineage tree with both accuracy-vs-SNR curves, a small study table, an ONNX export with its
// deployment report, and the eye diagram in the sample viewer. Light and dark screenshots.
import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedDataset } from '../../src/main/engine/dsp/synth/write.ts';
import { executeJob } from '../../src/main/engine/jobs/execute-job.ts';
import type { Engine } from '../../src/main/engine/engine.ts';
import { plotTraces, startHarness, type Harness } from './harness.ts';

const length = 64;

async function trainTinyModel(engine: Engine): Promise<void> {
  const dataset = await writeGeneratedDataset(engine.store, { preset: 'rml2016', classes: ['BPSK', 'QPSK', 'GFSK'], snrs: [0, 10], perKey: 12, length, seed: 5 }, { name: 'tiny' });
  const config = {
    datasetId: dataset.id,
    model: { arch: 'resnet1d', options: { depth: 14 } },
    train: { epochs: 1, batchSize: 16, seed: 1, learningRate: 2e-3 },
    split: { train: 0.5, val: 0.25, test: 0.25, seed: 1 },
  };
  const job = engine.store.createJob({ kind: 'train', config, seed: 1 });
  const outcome = await executeJob(engine.store, { jobId: job.id, kind: 'train', config }, new AbortController().signal, () => undefined);
  if (outcome.status !== 'done') throw new Error(`training the e2e model failed: ${JSON.stringify(outcome)}`);
}

describe('pruning and export views in Chromium', () => {
  let h: Harness;
  let parentId: number;

  beforeAll(async () => {
    h = await startHarness({ prepare: trainTinyModel });
    parentId = h.engine.store.listModels()[0]!.id;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('shows unit scores and the CKA heat map with its Fisher blocks outlined', async () => {
    const { page } = h;
    await page.click('nav [data-page="pruning"]');
    await page.waitForSelector('[data-testid="prune-analysis"][data-ready="true"]', { timeout: 30_000 });
    await page.waitForSelector('[data-plot="cka-heatmap"] .main-svg');
    const heat = await page.evaluate(() => {
      const el = document.querySelector('[data-plot="cka-heatmap"]') as unknown as { data: { type: string; z: number[][] }[]; layout: { shapes: unknown[] } };
      return { type: el.data[0]!.type, z: el.data[0]!.z, shapes: el.layout.shapes.length };
    });
    expect(heat.type).toBe('heatmap');
    expect(heat.z).toHaveLength(3);
    for (let i = 0; i < 3; i++) expect(heat.z[i]![i]).toBeCloseTo(1, 4);
    const k = Number(await page.inputValue('select[name="prune-blocks"]'));
    expect(heat.shapes).toBe(k);
    // choosing another K redraws the outlines
    const other = k === 3 ? 1 : 3;
    await page.selectOption('select[name="prune-blocks"]', String(other));
    await expect.poll(() => page.evaluate(() => (document.querySelector('[data-plot="cka-heatmap"]') as unknown as { layout: { shapes: unknown[] } }).layout.shapes.length)).toBe(other);
    const [bars] = await plotTraces(page, 'unit-scores');
    expect(bars!.type).toBe('bar');
    expect(bars!.x).toEqual(['stage1_block2', 'stage2_block2', 'stage3_block2']);
    await h.screenshot('pruning-analysis');
  });

  it('prunes the model in a job; the lineage tree shows the child and both SNR curves overlay', async () => {
    const { page } = h;
    await page.selectOption('select[name="prune-method"]', 'reverse-order');
    await page.fill('input[name="prune-ratio"]', '0.34');
    await page.fill('input[name="prune-recovery"]', 'partial-1');
    await page.fill('input[name="prune-epochs"]', '1');
    await page.click('form[aria-label="Prune settings"] button[type="submit"]');
    await page.waitForSelector('[data-testid="prune-job"][data-status="done"]', { timeout: 60_000 });
    const child = h.engine.store.listModels().find((m) => m.parentId === parentId)!;
    expect(child).toMatchObject({ operation: 'prune' });
    await page.waitForSelector(`[data-lineage-id="${parentId}"] [data-lineage-id="${child.id}"][data-operation="prune"]`);
    expect(await page.textContent(`[data-lineage-id="${child.id}"]`)).toContain('reverse-order 34 % + partial-1');
    await page.waitForSelector('[data-plot="prune-accuracy-vs-snr"] .main-svg');
    const curves = await plotTraces(page, 'prune-accuracy-vs-snr');
    expect(curves).toHaveLength(2);
    for (const c of curves) expect(c.x).toEqual([0, 10]);
    await h.screenshot('pruning-pruned');
  }, 70_000);

  it('runs a small study and sorts its table by a clicked header', async () => {
    const { page } = h;
    for (const box of await page.$$('input[name="study-method"]:checked')) await box.uncheck();
    for (const box of await page.$$('input[name="study-recovery"]:checked')) await box.uncheck();
    await page.check('input[name="study-method"][value="reverse-order"]');
    await page.check('input[name="study-method"][value="channel"]');
    await page.check('input[name="study-recovery"][value="none"]');
    await page.fill('input[name="study-ratio"]', '0.34');
    await page.click('form[aria-label="Study settings"] button[type="submit"]');
    await page.waitForSelector('[data-testid="study-table"]', { timeout: 60_000 });
    expect(await page.$$eval('[data-testid="study-table"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-row')))).toEqual(['baseline/none', 'reverse-order/none', 'channel/none']);
    await page.click('[data-testid="study-table"] button[data-sort-key="params"]');
    const params = () => page.$$eval('[data-testid="study-table"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-row')));
    const ascending = await params();
    expect(ascending.at(-1)).toBe('baseline/none');
    await page.click('[data-testid="study-table"] button[data-sort-key="params"]');
    expect(await params()).toEqual([...ascending].reverse());
    await h.screenshot('pruning-study');
    await page.click('button[aria-label="Toggle dark theme"]');
    await expect.poll(() => page.getAttribute('html', 'data-theme')).toBe('dark');
    await h.screenshot('pruning-study-dark');
    await page.click('button[aria-label="Toggle dark theme"]');
  }, 70_000);

  it('exports the model to ONNX and shows the deployment report with TF.js parity below 1e-4', async () => {
    const { page } = h;
    await page.click('nav [data-page="models"]');
    await page.click(`tr[data-model-id="${parentId}"] button:has-text("Export")`);
    await page.waitForSelector('[data-testid="export-dialog"][open]');
    // no path queued: the save dialog stand-in accepts the suggested name, as a user pressing Save
    await page.click('[data-testid="export-dialog"] button[name="export-choose"]');
    await expect.poll(() => page.inputValue('input[name="export-path"]')).toMatch(/\.onnx$/);
    const outPath = await page.inputValue('input[name="export-path"]');
    await page.click('form[aria-label="Export settings"] button[type="submit"]');
    const report = await page.waitForSelector('[data-testid="deployment-report"]', { timeout: 60_000 });
    expect(Number(await report.getAttribute('data-parity'))).toBeLessThan(1e-4);
    expect(await page.textContent('[data-field="latency-batch1"]')).toMatch(/^\S+ ms \/ \S+ ms CPU \(wall \S+ ms \/ \S+ ms\)$/);
    expect(existsSync(outPath)).toBe(true);
    const [saved] = h.engine.store.listExports({ modelId: parentId });
    expect(saved).toMatchObject({ format: 'onnx', path: outPath, sizeBytes: statSync(outPath).size });
    await page.waitForSelector(`[data-testid="export-list"] tr[data-export-id="${saved!.id}"]`);
    const curve = await plotTraces(page, 'export-accuracy-vs-snr');
    expect(curve[0]!.x).toEqual([0, 10]);
    await h.screenshot('export-report');
    // the modal covers the theme switch: close it, go dark, and reopen the report from the list
    await page.click('[data-testid="export-dialog"] button:has-text("Close")');
    await page.click('button[aria-label="Toggle dark theme"]');
    await page.click(`tr[data-model-id="${parentId}"] button:has-text("Export")`);
    await page.click(`[data-testid="export-list"] tr[data-export-id="${saved!.id}"] button:has-text("Report")`);
    await page.waitForSelector(`[data-testid="deployment-report"][data-export-id="${saved!.id}"]`);
    await h.screenshot('export-report-dark');
    await page.click('[data-testid="export-dialog"] button:has-text("Close")');
    await page.click('button[aria-label="Toggle dark theme"]');
    await page.click('nav [data-page="pruning"]');
    await page.waitForSelector(`[data-lineage-id="${parentId}"] [data-export-id="${saved!.id}"]`);
  }, 70_000);

  it('draws the eye diagram of a sample from traces cut in the engine', async () => {
    const { page } = h;
    await page.click('nav [data-page="datasets"]');
    await page.click('.sample-row >> nth=0');
    await page.waitForSelector('[data-plot="eye-diagram"] .main-svg');
    const sampleId = Number(await page.getAttribute('[data-testid="sample-viewer"]', 'data-sample-id'));
    const stored = h.engine.store.getSample(sampleId);
    // 8 samples per symbol, 2 symbols per trace: 17 points, then a gap, per trace
    await expect.poll(async () => (await plotTraces(page, 'eye-diagram'))[0]?.y.length).toBe((Math.floor((length - 17) / 8) + 1) * 18);
    const [eye] = await plotTraces(page, 'eye-diagram');
    expect(eye!.y[18 + 3]).toBeCloseTo(stored.iq[8 + 3]!, 6);
    await page.selectOption('select[name="eye-component"]', 'q');
    await expect.poll(async () => (await plotTraces(page, 'eye-diagram'))[0]?.y[0]).toBeCloseTo(stored.iq[length]!, 6);
    await page.locator('[data-testid="eye-diagram"]').scrollIntoViewIfNeeded();
    await h.screenshot('sample-eye-diagram');
    expect(h.problems).toEqual([]);
  });
});
