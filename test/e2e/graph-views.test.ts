// The graph views in real Chromium over a real engine: the natural and horizontal visibility
// graphs of a sample's I and Q with their degree distributions, the adaptive graphs a tiny AVGNet
// (trained in setup) learned for that sample, and its mean learned graph of a class in the class
// view. The heat maps must hold exactly what the engine's graph code gives for the stored data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalVisibilityGraph, naturalVisibilityGraph } from '../../src/main/engine/dsp/visibility.ts';
import { writeGeneratedDataset } from '../../src/main/engine/dsp/synth/write.ts';
import type { Engine } from '../../src/main/engine/engine.ts';
import { executeJob } from '../../src/main/engine/jobs/execute-job.ts';
import { initBackend } from '../../src/main/engine/ml/backend/index.ts';
import { ADAPTIVE_VISIBILITY_LAYER } from '../../src/main/engine/ml/models/avgnet.ts';
import { adaptiveBand, adaptiveFilters } from '../../src/main/engine/ml/models/graph/learned-adjacency.ts';
import { decodeWeights } from '../../src/main/engine/ml/persist/weights.ts';
import { startHarness, type Harness } from './harness.ts';

const length = 64;

async function trainTinyAvgnet(engine: Engine): Promise<void> {
  // in this process, as a job worker would: on wasm (the cpu backend is an order of magnitude slower)
  await initBackend({ force: 'wasm' });
  const dataset = await writeGeneratedDataset(engine.store, { preset: 'rml2016', classes: ['BPSK', 'QPSK', 'GFSK'], snrs: [10], perKey: 12, length, seed: 5 }, { name: 'graphs' });
  const config = {
    datasetId: dataset.id,
    model: { arch: 'avgnet' },
    train: { epochs: 1, batchSize: 16, seed: 1, threads: 1 },
    split: { train: 0.5, val: 0.25, test: 0.25, seed: 1 },
  };
  const job = engine.store.createJob({ kind: 'train', config, seed: 1 });
  const outcome = await executeJob(engine.store, { jobId: job.id, kind: 'train', config }, new AbortController().signal, () => undefined);
  if (outcome.status !== 'done') throw new Error(`training the e2e AVGNet failed: ${JSON.stringify(outcome)}`);
}

/** A heat map's z matrix, as plotly holds it on the element. */
async function heatmap(h: Harness, label: string): Promise<number[][]> {
  return h.page.evaluate((l) => {
    const el = document.querySelector(`[data-plot="${l}"]`) as unknown as { data?: { z: number[][] }[] } | null;
    return (el?.data?.[0]?.z ?? []).map((row) => Array.from(row));
  }, label);
}

function edgesOf(z: number[][]): [number, number][] {
  const edges: [number, number][] = [];
  z.forEach((row, i) => row.forEach((v, j) => {
    if (j > i && v !== 0) edges.push([i, j]);
  }));
  return edges;
}

describe('graph views in Chromium', () => {
  let h: Harness;
  let modelId: number;

  beforeAll(async () => {
    h = await startHarness({ prepare: trainTinyAvgnet, viewport: { width: 1280, height: 1000 } });
    modelId = h.engine.store.listModels()[0]!.id;
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('shows the sample\'s visibility graphs and the graphs the AVGNet learned from it', async () => {
    const { page } = h;
    await page.click('nav [data-page="datasets"]');
    await page.click('.sample-row >> nth=0');
    await page.waitForSelector('[data-plot="natural-vg-i"] .main-svg');
    const sampleId = Number(await page.getAttribute('[data-testid="sample-viewer"]', 'data-sample-id'));
    const stored = h.engine.store.getSample(sampleId);
    const i = stored.iq.subarray(0, length);
    const q = stored.iq.subarray(length, 2 * length);
    const pairs = (edges: Int32Array) => Array.from({ length: edges.length / 2 }, (_, k) => [edges[2 * k]!, edges[2 * k + 1]!]);
    await expect.poll(async () => edgesOf(await heatmap(h, 'natural-vg-i'))).toEqual(pairs(naturalVisibilityGraph(i).edges));
    expect(edgesOf(await heatmap(h, 'natural-vg-q'))).toEqual(pairs(naturalVisibilityGraph(q).edges));
    const degrees = await page.evaluate(() => (document.querySelector('[data-plot="natural-vg-degrees"]') as unknown as { data: { y: number[] }[] }).data.map((t) => Array.from(t.y)));
    expect(degrees.map((counts) => counts.reduce((a, b) => a + b, 0))).toEqual([length, length]);

    await page.selectOption('select[name="graph-kind"]', 'horizontal');
    await page.waitForSelector('[data-plot="horizontal-vg-i"] .main-svg');
    await expect.poll(async () => edgesOf(await heatmap(h, 'horizontal-vg-q'))).toEqual(pairs(horizontalVisibilityGraph(q).edges));
    await page.locator('[data-testid="sample-graphs"]').scrollIntoViewIfNeeded();
    await h.screenshot('20-visibility-graphs');

    await page.selectOption('select[name="graph-model"]', String(modelId));
    await page.waitForSelector('[data-plot="learned-q"] .main-svg');
    const record = h.engine.store.getModel(modelId);
    const filters = adaptiveFilters(decodeWeights(record.weights!, 'e2e model'), ADAPTIVE_VISIBILITY_LAYER);
    const band = adaptiveBand(q, filters);
    const m = filters.kernels.length;
    const learned = await heatmap(h, 'learned-q');
    expect(learned).toHaveLength(length);
    for (let t = 0; t < length; t++) {
      for (let s = 0; s < length; s++) {
        const expected = Math.abs(s - t) <= m ? band[t * (2 * m + 1) + s - t + m]! : 0;
        expect(learned[t]![s]).toBeCloseTo(expected, 6);
        expect(learned[t]![s]).toBe(learned[s]![t]);
      }
    }
    expect(learned.flat().some((v) => v > 0)).toBe(true);
    await page.locator('[data-testid="learned-adjacency"]').scrollIntoViewIfNeeded();
    await h.screenshot('20-learned-adjacency');
    expect(h.problems).toEqual([]);
  }, 60_000);

  it('shows the mean learned graph of a class in the class view', async () => {
    const { page } = h;
    await page.waitForSelector('[data-testid="class-adjacency"] [data-plot="class-adjacency-i"] .main-svg');
    await page.selectOption('select[name="class-graph-class"]', '1');
    await expect.poll(() => page.getAttribute('[data-testid="class-adjacency"]', 'data-samples')).toBe('12');
    const dataset = h.engine.store.listDatasets()[0]!;
    const record = h.engine.store.getModel(modelId);
    const filters = adaptiveFilters(decodeWeights(record.weights!, 'e2e model'), ADAPTIVE_VISIBILITY_LAYER);
    const m = filters.kernels.length;
    // the class's 12 samples, averaged here from the store
    const expected = new Float64Array(length * (2 * m + 1));
    const page0 = h.engine.store.pageSamples({ datasetId: dataset.id, classes: [1] }, { offset: 0, limit: 100 });
    for (const row of page0.rows) {
      const band = adaptiveBand(h.engine.store.getSample(row.id).iq.subarray(0, length), filters);
      band.forEach((v, e) => (expected[e] += v / page0.rows.length));
    }
    expect(page0.rows).toHaveLength(12);
    // Every class here has 12 samples, so the count cannot tell the new class's plot from the old
    // one: wait until the heat map holds the chosen class's mean (class 0's differs from it).
    const worstDifference = (mean: number[][]): number => {
      let worst = mean.length === length ? 0 : Infinity;
      for (let t = 0; t < length && worst < Infinity; t++) {
        for (let o = -m; o <= m; o++) if (t + o >= 0 && t + o < length) worst = Math.max(worst, Math.abs((mean[t]?.[t + o] ?? Infinity) - expected[t * (2 * m + 1) + o + m]!));
      }
      return worst;
    };
    await expect.poll(async () => worstDifference(await heatmap(h, 'class-adjacency-i')), { timeout: 20_000 }).toBeLessThan(5e-6);
    await page.locator('[data-testid="class-adjacency"]').scrollIntoViewIfNeeded();
    await h.screenshot('20-class-mean-adjacency');
    expect(h.problems).toEqual([]);
  }, 60_000);
});
