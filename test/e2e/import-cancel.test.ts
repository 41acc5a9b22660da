// An import cancelled from the Datasets page in real Chromium, mid-file: the job's worker stops,
// the page says so, and every dataset table of the project holds exactly what it held before.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedDataset } from '../../src/main/engine/dsp/synth/write.ts';
import { readProjectFile } from '../helpers/project-file.ts';
import { writeRmlPickle, type PickleFixture } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const datasetTables = ['datasets', 'classes', 'chunks', 'samples', 'recordings', 'annotations'];

/** sha256 of every row of every dataset table, rows sorted on all their columns (classes has no rowid), and the rows counted. */
function datasetTablesDigest(projectPath: string): Record<string, { rows: number; sha256: string }> {
  return readProjectFile(projectPath, (db) =>
    Object.fromEntries(
      datasetTables.map((table) => {
        const hash = createHash('sha256');
        let rows = 0;
        const columns = (db.prepare(`SELECT * FROM ${table} LIMIT 0`).columns() as unknown[]).length;
        const order = Array.from({ length: columns }, (_, k) => k + 1).join(', ');
        for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).raw().iterate() as Iterable<unknown[]>) {
          for (const v of row) hash.update(Buffer.isBuffer(v) ? v : Buffer.from(`${typeof v}:${String(v)}\u0000`));
          rows++;
        }
        return [table, { rows, sha256: hash.digest('hex') }];
      }),
    ),
  );
}

describe('cancelling an import in Chromium', () => {
  let h: Harness;
  let dir: string;
  let big: PickleFixture;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amr-e2e-cancel-'));
    // Large enough that its import pass outlasts the cancel's way from the page to the job's
    // worker: ~140 MB of protocol-0 text (RML2016.10a's 20 SNRs), about a second of importing
    // after the first stored array on an idle machine.
    big = writeRmlPickle(join(dir, 'big_rml.pkl'), { perKey: 600, snrs: Array.from({ length: 20 }, (_, k) => -20 + 2 * k), length: 128, seed: 11 });
    h = await startHarness({
      prepare: (engine) =>
        writeGeneratedDataset(engine.store, { preset: 'rml2016', classes: ['BPSK', 'QPSK'], snrs: [0, 10], perKey: 8, length: 32, seed: 4 }, { name: 'kept' }).then(() => undefined),
    });
  });

  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops the import mid-file and leaves every dataset table as it was', { timeout: 180_000 }, async () => {
    const { page, engine } = h;
    expect(statSync(big.path).size).toBeGreaterThan(130e6);
    const before = datasetTablesDigest(engine.projectPath);
    expect(before['samples']!.rows).toBe(2 * 2 * 8);

    await page.waitForSelector('button[data-dataset="kept"]');
    // Clicks Cancel from inside the page as soon as the importer's own pass over the file has
    // written something (phase 'import', done > 0), so the file is surely cut mid-way.
    const cancelledAt = page.evaluate<{ done: number; total: number }>(`new Promise((resolve) => {
      const off = window.api.subscribe('importProgress', (p) => {
        if (p.phase !== 'import' || p.done === 0) return;
        off();
        const click = () => {
          const button = document.querySelector('[data-testid="import-cancel"]');
          if (button) { button.click(); resolve({ done: p.done, total: p.total }); } else requestAnimationFrame(click);
        };
        click();
      });
    })`);
    h.answerNextDialog(big.path);
    await page.click('button[name="import-choose"]');
    await page.click('form[aria-label="Import a dataset"] button[type="submit"]');
    const at = await cancelledAt;
    expect(at.done).toBeGreaterThan(0);
    expect(at.done).toBeLessThan(at.total);
    await page.waitForSelector('[data-testid="import-cancelled"]', { timeout: 120_000 });
    const [job] = engine.jobs.list({ kind: 'import' });
    const ended = await engine.jobs.wait(job!.id);
    expect(ended.status).toBe('cancelled');
    expect(ended.error?.code).toBe('CANCELLED');
    expect(engine.jobs.isIdle()).toBe(true);
    expect(datasetTablesDigest(engine.projectPath)).toEqual(before);
    expect(engine.store.listDatasets().map((d) => d.name)).toEqual(['kept']);
    expect(await page.locator('[data-testid="import-error"]').count()).toBe(0);
    expect(await page.locator('button[data-dataset="big_rml"]').count()).toBe(0);
    expect(h.problems).toEqual([]);
  });
});
