// The import job hands importers the engine's blind SNR estimator: a SigMF recording, which
// records no SNR, lands with an SNR per labelled window, so its class × SNR views fill.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeJob } from '../../../../src/main/engine/jobs/execute-job.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { writeRecording } from '../io/sigmf-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-import-snr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import job', () => {
  it('estimates the SNR of each labelled SigMF window', async () => {
    const store = openProject(join(dir, 'p.amrproj'), { create: true });
    try {
      const config = { path: writeRecording(dir, 'rec') };
      const job = store.createJob({ kind: 'import', config, seed: 0 });
      const outcome = await executeJob(store, { jobId: job.id, kind: 'import', config }, new AbortController().signal, () => undefined);
      expect(outcome.status).toBe('done');
      const [dataset] = store.listDatasets();
      const counts = store.countsByClassSnr(dataset!.id);
      expect(dataset!.count).toBe(6);
      expect(dataset!.snrs.length).toBeGreaterThan(0);
      expect(dataset!.snrs.every((s) => Number.isFinite(s) && s % 2 === 0)).toBe(true);
      expect(counts.snrs).toEqual(dataset!.snrs);
      expect(counts.unknownSnr.every((n) => n === 0)).toBe(true);
    } finally {
      store.close();
    }
  });
});
