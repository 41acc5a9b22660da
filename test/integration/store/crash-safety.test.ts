import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { samplesPerChunk } from '../../../src/main/engine/store/dataset-writer.ts';
import { openProject } from '../../../src/main/engine/store/project.ts';
import { readProjectFile } from '../../helpers/project-file.ts';

const script = join(import.meta.dirname, 'scripts', 'write-datasets.ts');

describe('crash safety', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amr-crash-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a writer killed with SIGKILL mid-dataset leaves an intact project without the half-written dataset, and the next open removes its rows', async () => {
    const file = join(dir, 'crash.amrproj');
    const child = spawn(process.execPath, ['--import', 'tsx', script, file, 'crash'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let written = 0;
    for await (const line of createInterface({ input: child.stdout! })) {
      const m = /^written (\d+)/.exec(line);
      if (m) written = Number(m[1]);
      // Well past the first chunks, so pages of the open transaction are already in the WAL.
      if (written >= 60_000) {
        child.kill('SIGKILL');
        break;
      }
    }
    expect(await exited).toBe('SIGKILL');
    // What the killed writer staged is still in the file, hidden, until the next open removes it.
    expect(readProjectFile(file, (db) => db.prepare("SELECT name FROM datasets WHERE state = 'writing'").pluck().all())).toEqual(['half-written']);

    const store = openProject(file);
    expect(readProjectFile(file, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
    const datasets = store.listDatasets();
    expect(datasets.map((d) => d.name)).toEqual(['committed']);
    const loaded = store.loadSamples({ datasetId: datasets[0]!.id });
    expect(loaded.count).toBe(3000);
    expect(loaded.x.every((v) => v === 1)).toBe(true);
    expect(readProjectFile(file, (db) => db.prepare('SELECT count(*) FROM chunks').pluck().get())).toBe(Math.ceil(3000 / samplesPerChunk(128)));
    expect(store.info().samples).toBe(3000);
    store.close();
  });
});
