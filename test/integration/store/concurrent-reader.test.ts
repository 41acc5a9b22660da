import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../../src/main/engine/store/project.ts';

const script = join(import.meta.dirname, 'scripts', 'write-datasets.ts');

describe('a reader while another process writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amr-concurrent-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('only ever sees whole, committed datasets', async () => {
    const file = join(dir, 'shared.amrproj');
    openProject(file, { create: true }).close();
    const total = 8;
    const child = spawn(process.execPath, ['--import', 'tsx', script, file, 'commits', String(total)], { stdio: ['ignore', 'ignore', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let finished = false;
    void exited.then(() => (finished = true));

    const reader = openProject(file);
    const seen = new Set<number>();
    let checks = 0;
    while (!finished || checks === 0) {
      for (const d of reader.listDatasets()) {
        const value = d.params.value as number;
        const loaded = reader.loadSamples({ datasetId: d.id });
        // Committed datasets are complete: the declared count, every float its marker value.
        expect(loaded.count).toBe(2000 + 500 * value);
        expect(d.count).toBe(loaded.count);
        expect(loaded.x.every((v) => v === value)).toBe(true);
        seen.add(value);
        checks++;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await exited).toBe(0);
    const final = reader.listDatasets();
    expect(final.map((d) => d.params.value)).toEqual([...Array(total).keys()].map((k) => k + 1));
    expect(seen.size).toBeGreaterThan(0);
    reader.close();
  });
});
