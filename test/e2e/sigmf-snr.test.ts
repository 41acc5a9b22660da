// A SigMF recording (no SNR recorded) imported through the app: each labelled window carries the
// import's blind SNR estimate, so the class × SNR matrix fills instead of staying empty; its
// samples are plotted in seconds and Hz from the recorded sample rate; the form's SigMF options
// reach the importer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plotTraces, startHarness, type Harness } from './harness.ts';

/** cf32 bytes: QPSK (8 samples a symbol) over [0, half), BPSK over [half, 2·half), with seeded noise 10 dB and 0 dB down. */
function burstsBytes(half: number): Buffer {
  const iq = new Float32Array(4 * half);
  let state = 5;
  const uniform = () => ((state = (state * 1103515245 + 12345) % 2147483648) + 1) / 2147483649;
  let sym = [1, 1];
  for (let n = 0; n < 2 * half; n++) {
    const qpsk = n < half;
    if (n % 8 === 0) sym = qpsk ? [uniform() < 0.5 ? 1 : -1, uniform() < 0.5 ? 1 : -1] : [uniform() < 0.5 ? Math.SQRT2 : -Math.SQRT2, 0];
    const noise = Math.sqrt(qpsk ? 0.05 : 0.5);
    const r = Math.sqrt(-2 * Math.log(uniform())) * noise;
    const t = 2 * Math.PI * uniform();
    iq[2 * n] = sym[0]! / Math.SQRT2 + r * Math.cos(t);
    iq[2 * n + 1] = sym[1]! / Math.SQRT2 + r * Math.sin(t);
  }
  return Buffer.from(iq.buffer);
}

describe('a SigMF recording in Chromium', { timeout: 120_000 }, () => {
  let h: Harness;
  let dir: string;
  let metaPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amr-e2e-sigmf-'));
    const half = 8192;
    metaPath = join(dir, 'bursts.sigmf-meta');
    writeFileSync(join(dir, 'bursts.sigmf-data'), burstsBytes(half));
    writeFileSync(metaPath, JSON.stringify({
      global: { 'core:datatype': 'cf32_le', 'core:sample_rate': 1e6, 'core:version': '1.0.0' },
      captures: [{ 'core:sample_start': 0, 'core:frequency': 915e6 }],
      annotations: [
        { 'core:sample_start': 0, 'core:sample_count': half, 'core:label': 'QPSK' },
        { 'core:sample_start': half, 'core:sample_count': half, 'core:label': 'BPSK' },
      ],
    }));
    h = await startHarness({ viewport: { width: 1400, height: 1000 } });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports it through the import form and fills the class × SNR matrix with estimated SNRs', async () => {
    const { page } = h;
    h.answerNextDialog(metaPath);
    await page.click('button[name="import-choose"]');
    await page.click('form[aria-label="Import a dataset"] button[type="submit"]');
    await page.waitForSelector('[data-testid="import-message"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="count-matrix"]');
    const [dataset] = h.engine.store.listDatasets();
    const counts = h.engine.store.countsByClassSnr(dataset!.id);
    expect(counts.unknownSnr).toEqual([0, 0]);
    // the QPSK windows sit near 10 dB, the BPSK ones near 0 dB
    const snrsOf = (c: number) => counts.snrs.filter((_, j) => counts.counts[c]![j]! > 0);
    const qpsk = counts.classes.indexOf('QPSK');
    const bpsk = counts.classes.indexOf('BPSK');
    expect(Math.min(...snrsOf(qpsk))).toBeGreaterThanOrEqual(6);
    expect(Math.max(...snrsOf(bpsk))).toBeLessThanOrEqual(4);
    let shown = 0;
    for (const [c, name] of counts.classes.entries()) {
      for (const [j, snr] of counts.snrs.entries()) {
        if (counts.counts[c]![j]! === 0) continue;
        expect(await page.textContent(`[data-cell="${name}|${snr}"]`)).toBe(String(counts.counts[c]![j]));
        shown += counts.counts[c]![j]!;
      }
    }
    // 128-sample windows (the import form's default): 64 per burst
    expect(shown).toBe(128);
    await h.screenshot('sigmf-class-snr');
    expect(h.problems).toEqual([]);
  });

  it('plots a sample of it in µs and kHz from the recorded 1 MHz sample rate', async () => {
    const { page } = h;
    await page.click('.sample-row >> nth=0');
    await page.waitForSelector('[data-testid="sample-viewer"] [data-plot="psd"] .g-xtitle');
    const xTitle = (plot: string) => page.textContent(`[data-testid="sample-viewer"] [data-plot="${plot}"] .g-xtitle`);
    expect(await xTitle('psd')).toBe('frequency (kHz)');
    expect(await xTitle('iq-time')).toBe('time (µs)');
    expect(await xTitle('amplitude-phase')).toBe('time (µs)');
    // 128-sample windows: 1 µs a sample, spectrum bins 1 MHz / 128 apart from −500 kHz
    const [iq] = await plotTraces(page, 'iq-time');
    expect(iq!.x.slice(0, 3)).toEqual([0, 1, 2]);
    expect(iq!.x[127]).toBeCloseTo(127, 9);
    const [psd] = await plotTraces(page, 'psd');
    expect(psd!.x[0]).toBeCloseTo(-500, 9);
    expect(psd!.x[1]! - psd!.x[0]!).toBeCloseTo(1000 / 128, 9);
    await page.locator('[data-testid="sample-viewer"]').scrollIntoViewIfNeeded();
    await h.screenshot('sigmf-hz-axes');
    expect(h.problems).toEqual([]);
  });

  it('passes the form’s SigMF options to the importer: resampled to 4 samples/symbol, no SNR estimate', async () => {
    const { page } = h;
    h.answerNextDialog(join(dir, 'bursts.sigmf-data'));
    await page.click('button[name="import-choose"]');
    await page.waitForSelector('[data-testid="sigmf-options"]');
    await page.fill('input[name="sigmf-samplesPerSymbol"]', '4');
    await page.fill('input[name="sigmf-symbolRate"]', '125000');
    await page.selectOption('select[name="sigmf-overlap"]', 'skip');
    await page.uncheck('input[name="sigmf-estimateSnr"]');
    await h.screenshot('sigmf-import-options');
    await page.click('form[aria-label="Import a dataset"] button[type="submit"]');
    await expect.poll(() => h.engine.store.listDatasets().length, { timeout: 60_000 }).toBe(2);
    const resampled = h.engine.store.listDatasets().reduce((a, b) => (b.id > a.id ? b : a));
    expect(resampled.params.options).toMatchObject({ samplesPerSymbol: 4, symbolRate: 125000, overlap: 'skip', estimateSnr: false });
    // 8 samples a symbol at 1 MHz down to 4: each 8192-sample burst gives 4096 samples, 32 windows of 128
    const counts = h.engine.store.countsByClassSnr(resampled.id);
    expect(counts.unknownSnr).toEqual([32, 32]);
    // its windows are at 4 × 125 kBd = 500 kHz: 2 µs a sample
    await expect.poll(() => page.getAttribute('[data-testid="sample-table"]', 'data-total')).toBe('64');
    await page.click('.sample-row >> nth=0');
    await expect.poll(async () => (await plotTraces(page, 'iq-time'))[0]?.x[1]).toBeCloseTo(2, 9);
    expect(await page.textContent('[data-testid="sample-viewer"] [data-plot="iq-time"] .g-xtitle')).toBe('time (µs)');
    expect(h.problems).toEqual([]);
  });
});
