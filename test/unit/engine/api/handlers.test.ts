// The handlers over a real project file: every answer checked against what was stored.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../../src/main/engine/api/dispatch.ts';
import { handlers } from '../../../../src/main/engine/api/handlers/index.ts';
import { createEngine, type Engine } from '../../../../src/main/engine/engine.ts';
import { writeRecording } from '../io/sigmf-fixture.ts';
import type { DatasetSummary, DensityGrid, DensityMosaic, JobSummary, SamplePage, SampleView } from '../../../../src/shared/dto.ts';

const classes = ['BPSK', 'QPSK', 'AM-DSB'];
const snrs = [-10, 0, 10];
const perKey = 5;
const length = 32;

/** value of sample v of (class c, snr s) at row r, position n: distinct and recomputable */
function value(c: number, s: number, v: number, r: number, n: number): number {
  return Math.sin(1 + c * 7 + s * 0.3 + v * 0.11 + r * 1.7 + n * 0.05) * (0.5 + c);
}

describe('IPC handlers over a real project', () => {
  let dir: string;
  let engine: Engine;
  let datasetId: number;
  const call = <T>(channel: string, arg: unknown, emit = vi.fn()) =>
    dispatch(handlers, engine, channel, arg, emit).then((r) => {
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as T;
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amr-api-'));
    engine = createEngine({ projectPath: join(dir, 'p.amrproj'), create: true });
    const w = engine.store.beginDataset({ name: 'grid', kind: 'generated', format: 'test', sourcePath: null, sourceHash: 'h', length, params: {} });
    for (const [ci, name] of classes.entries()) {
      const index = w.classIndex(name);
      for (const [si, snr] of snrs.entries()) {
        const data = new Float32Array(perKey * 2 * length);
        for (let v = 0; v < perKey; v++) for (let r = 0; r < 2; r++) for (let n = 0; n < length; n++) data[(v * 2 + r) * length + n] = value(ci, si, v, r, n);
        w.append(data, Array.from({ length: perKey }, (_, v) => ({ classIndex: index, snr, sourceOffset: (ci * snrs.length + si) * perKey + v })));
      }
    }
    datasetId = w.commit().id;
  });

  afterAll(async () => {
    // the jobs' own connection closes once dispose resolves: the folder goes after it
    await engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists datasets with their class × SNR counts and the project totals', async () => {
    const [d] = await call<DatasetSummary[]>('listDatasets', {});
    expect(d).toMatchObject({ id: datasetId, name: 'grid', count: 45, classes, snrs, length });
    expect(d!.counts).toEqual(classes.map(() => snrs.map(() => perKey)));
    expect(await call('getProjectInfo', {})).toMatchObject({ datasets: 1, samples: 45 });
  });

  it('pages samples with class, SNR range and offset applied in the engine', async () => {
    const page = await call<SamplePage>('pageSamples', { datasetId, offset: 2, limit: 4, classes: [1], snrMin: 0, snrMax: 10 });
    expect(page.total).toBe(2 * perKey);
    expect(page.offset).toBe(2);
    expect(page.rows).toHaveLength(4);
    for (const r of page.rows) {
      expect(r.className).toBe('QPSK');
      expect(r.snr).toBeGreaterThanOrEqual(0);
    }
    expect(page.rows.map((r) => r.sourceOffset)).toEqual([1 * 3 * perKey + perKey + 2, 1 * 3 * perKey + perKey + 3, 1 * 3 * perKey + perKey + 4, 1 * 3 * perKey + 2 * perKey]);
  });

  it('sends one sample with its amplitude, unwrapped phase and spectrum', async () => {
    const page = await call<SamplePage>('pageSamples', { datasetId, offset: 0, limit: 1, classes: [2], snrMin: 10, snrMax: 10 });
    const s = await call<SampleView>('getSample', { datasetId, sampleId: page.rows[0]!.id });
    expect(s).toMatchObject({ className: 'AM-DSB', snr: 10, length });
    expect(s.i[3]).toBeCloseTo(value(2, 2, 0, 0, 3), 6);
    expect(s.q[3]).toBeCloseTo(value(2, 2, 0, 1, 3), 6);
    for (let n = 0; n < length; n++) expect(s.amplitude[n]).toBeCloseTo(Math.hypot(s.i[n]!, s.q[n]!), 5);
    for (let n = 1; n < length; n++) expect(Math.abs(s.phase[n]! - s.phase[n - 1]!)).toBeLessThanOrEqual(Math.PI + 1e-6);
    expect(s.psd.frequency).toHaveLength(s.psd.db.length);
    expect(s.psd.frequency[0]).toBeLessThan(0);
  });

  it('refuses a sample of another dataset and an unknown sample with NOT_FOUND', async () => {
    await expect(call('getSample', { datasetId: datasetId + 1, sampleId: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('getSample', { datasetId, sampleId: 99_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('computes a density constellation of one class at one SNR holding every point of the chosen vectors', async () => {
    const g = await call<DensityGrid>('getDensity', { datasetId, classIndex: 1, snr: 0, bins: 16, maxSamples: 3 });
    expect(g).toMatchObject({ className: 'QPSK', snr: 0, bins: 16, samples: 3 });
    expect(g.counts).toHaveLength(256);
    expect(g.counts.reduce((a, b) => a + b, 0)).toBe(3 * length);
    const again = await call<DensityGrid>('getDensity', { datasetId, classIndex: 1, snr: 0, bins: 16, maxSamples: 3 });
    expect(again.counts).toEqual(g.counts);
    await expect(call('getDensity', { datasetId, classIndex: 7, snr: 0 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('builds the class × SNR small multiples, empty cells included', async () => {
    const m = await call<DensityMosaic>('getDensityMosaic', { datasetId, snrs: [0, 10, 20], bins: 8, maxSamples: 2 });
    expect(m.classes).toEqual(classes);
    expect(m.snrs).toEqual([0, 10, 20]);
    expect(m.cells.map((row) => row.map((c) => c.samples))).toEqual(classes.map(() => [2, 2, 0]));
    expect(m.cells[0]![2]!.counts.every((c) => c === 0)).toBe(true);
  });

  it('reports an unreadable import as BAD_FILE naming the file, and writes nothing', async () => {
    const bad = join(dir, 'broken.pkl');
    writeFileSync(bad, 'this is not a pickle at all');
    await expect(call('importDataset', { path: bad })).rejects.toMatchObject({ message: expect.stringContaining(bad) });
    expect(engine.store.listDatasets()).toHaveLength(1);
  });

  it('refuses a missing file or an unknown format before any job row is written', async () => {
    const missing = join(dir, 'nowhere.pkl');
    await expect(call('importDataset', { path: missing })).rejects.toMatchObject({ code: 'BAD_FILE', message: `${missing}: no such file` });
    await expect(call('importDataset', { path: join(dir, 'broken.pkl'), format: 'no-such-format' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining("unknown import format 'no-such-format'") });
    // the next test checks that the only job row is the broken file's import
  });

  it('lists the registered importers and models, and the only job is the refused import', async () => {
    const importers = await call<{ id: string }[]>('listImporters', {});
    expect(importers.map((i) => i.id)).toContain('rml-pickle');
    // imports are jobs: the unreadable file above is recorded as a failed one, and nothing else ran
    const jobs = await call<JobSummary[]>('listJobs', {});
    expect(jobs.map((j) => [j.kind, j.status])).toEqual([['import', 'failed']]);
    expect(await call('listModels', {})).toEqual([]);
    await expect(call('startTraining', { datasetId, architecture: 'no-such-net', epochs: 1, batchSize: 8, learningRate: 0.01 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(call('cancelJob', { jobId: 5 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers an import with the class × SNR counts its worker counted, the same the dataset list counts', async () => {
    const imported = await call<{ dataset: DatasetSummary }>('importDataset', { path: writeRecording(dir, 'rec') });
    expect(imported.dataset.count).toBe(6);
    expect(imported.dataset.counts.flat().reduce((a, b) => a + b, 0)).toBe(6);
    const listed = (await call<DatasetSummary[]>('listDatasets', {})).find((d) => d.id === imported.dataset.id);
    expect(imported.dataset).toEqual(listed);
  });
});
