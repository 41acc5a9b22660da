// Two processes import the same file into one project at once with --on-duplicate error: the
// check runs again inside the write transaction, so exactly one dataset is made and the other
// import is refused naming the first.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openProject } from '../../../src/main/engine/store/project.ts';

const run = promisify(execFile);
const script = join(import.meta.dirname, 'scripts', 'import-once.ts');
const dir = mkdtempSync(join(tmpdir(), 'amr-dup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('concurrent imports of one file', () => {
  it('with on-duplicate error, one makes the dataset and the other is refused', async () => {
    const project = join(dir, 'p.amrproj');
    openProject(project, { create: true }).close();
    // 2^21 complex float32 samples of a slow chirp: a few seconds of import, so the two overlap.
    const samples = 1 << 21;
    const iq = new Float32Array(2 * samples);
    for (let i = 0; i < samples; i++) {
      iq[2 * i] = Math.cos(i * i * 1e-7);
      iq[2 * i + 1] = Math.sin(i * i * 1e-7);
    }
    const file = join(dir, 'capture.cf32');
    writeFileSync(file, iq);
    const once = () => run(process.execPath, ['--import', 'tsx', script, project, file]).then((r) => JSON.parse(r.stdout.trim()));
    const outcomes = await Promise.all([once(), once()]);
    const made = outcomes.filter((o) => o.ok && !o.reused);
    const refused = outcomes.filter((o) => !o.ok);
    expect(made).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0].code).toBe('VALIDATION');
    expect(refused[0].message).toContain(`${file}: already imported as dataset ${made[0].datasetId}`);
    const store = openProject(project, { readonly: true });
    expect(store.listDatasets()).toHaveLength(1);
    store.close();
  }, 120_000);
});
