// The Clustering page in real Chromium over a real engine: a small labelled source and a target
// of the same classes from another generator seed; a clustering run through the form (a real job
// in a worker process), the map and the cluster cards, two clusters named, and the labelled
// dataset written from them found on the Datasets page, with a screenshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedDataset } from '../../src/main/engine/dsp/synth/write.ts';
import { plotTraces, startHarness, type Harness } from './harness.ts';

const classes = ['BPSK', 'QPSK', 'AM-DSB', 'GFSK'];
const clean = { fading: 'none', cfoStdHz: 0, cfoMaxHz: 0, sroStdHz: 0, sroMaxHz: 0 } as const;

describe('clustering page in Chromium', () => {
  let h: Harness;
  let sourceId: number;
  let targetId: number;

  beforeAll(async () => {
    h = await startHarness({
      prepare: async (engine) => {
        const common = { preset: 'rml2016' as const, classes, snrs: [10, 18], length: 64, normalisation: 'unit-power' as const, channel: clean };
        sourceId = (await writeGeneratedDataset(engine.store, { ...common, perKey: 24, seed: 1 }, { name: 'labelled source' })).id;
        targetId = (await writeGeneratedDataset(engine.store, { ...common, perKey: 12, seed: 2 }, { name: 'unlabelled capture' })).id;
      },
    });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('runs a small clustering, shows the map and one card per cluster, names two clusters and writes them as a dataset', async () => {
    const { page } = h;
    await page.click('nav [data-page="clustering"]');
    await page.waitForSelector('form[aria-label="Clustering settings"]');
    await page.selectOption('select[name="cluster-target"]', String(targetId));
    await page.selectOption('select[name="cluster-source"]', String(sourceId));
    await page.fill('input[name="cluster-k"]', '4');
    await page.fill('input[name="cluster-epochs"]', '3');
    await page.fill('input[name="cluster-seed"]', '3');
    await page.click('form[aria-label="Clustering settings"] button[type="submit"]');
    await page.waitForSelector('[data-testid="cluster-run"]', { timeout: 120_000 });
    await page.waitForSelector('[data-plot="cluster-map"] .main-svg');
    const traces = await plotTraces(page, 'cluster-map');
    expect(traces.reduce((n, t) => n + (t.x as number[]).length, 0)).toBe(4 * 2 * 12);
    await page.waitForSelector('[data-testid="cluster-card-0"] canvas');
    const cards = await page.locator('[data-testid^="cluster-card-"]').count();
    expect(cards).toBeGreaterThanOrEqual(2);
    // scores against the target's own labels, one row per method and one for the current clusters
    expect(await page.locator('[data-testid="cluster-scores"] tbody tr').count()).toBe(5);

    await page.fill('input[name="cluster-name-0"]', 'first');
    await page.click('[data-testid="cluster-card-0"] button:has-text("Name")');
    await page.waitForSelector('[data-testid="cluster-card-0"][aria-label="0 · first"]');
    await page.fill('input[name="cluster-name-1"]', 'second');
    await page.click('[data-testid="cluster-card-1"] button:has-text("Name")');
    await page.waitForSelector('[data-testid="cluster-card-1"][aria-label="1 · second"]');
    await page.fill('input[name="labelled-name"]', 'named from clusters');
    await page.click('button[name="write-labelled"]');
    await page.waitForSelector('[data-testid="labelled-written"]');
    await h.screenshot('clustering');

    // the engine holds the new dataset with exactly the two named clusters' members
    const run = h.engine.store.listClusterRuns().at(-1)!;
    const membership = h.engine.store.clusterMembership(run.id);
    const expected = Array.from(membership.clusters).filter((c) => c === 0 || c === 1).length;
    const written = h.engine.store.listDatasets().find((d) => d.name === 'named from clusters')!;
    expect(written).toMatchObject({ kind: 'labelled', classes: ['first', 'second'], count: expected });

    await page.click('nav [data-page="datasets"]');
    await page.waitForSelector('text=named from clusters');
    expect(h.problems).toEqual([]);
  }, 180_000);
});
