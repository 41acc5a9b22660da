// Ctrl-C during `amr-studio export`: the real command line in a child process gets SIGINT while it
// writes a TF.js folder; it exits with CANCELLED, and leaves no .partial folder, no output and no
// export row behind.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, watch } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { makeTrainedProject, type TrainedProject } from '../../engine/export/trained-project.ts';
import { useWasm } from '../../engine/export/test-models.ts';

const cli = fileURLToPath(new URL('../../../../bin/amr-studio.mjs', import.meta.url));
let project: TrainedProject;

beforeAll(async () => {
  await useWasm();
  project = await makeTrainedProject('amr-cli-sigint-');
  project.store.close();
}, 120_000);
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

describe('amr-studio export interrupted', () => {
  it('stops on SIGINT mid-write and removes its .partial folder', async () => {
    const out = path.join(project.dir, 'interrupted-tfjs');
    const appeared: string[] = [];
    const watcher = watch(project.dir, (_event, name) => {
      if (name && name.endsWith('.partial') && !appeared.includes(name)) appeared.push(name);
    });
    const child = spawn(process.execPath, [cli, 'export', project.projectPath, '--model', String(project.modelId), '--format', 'tfjs', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // the writer has started filling the .partial folder: interrupt it there
      if (!signalled && stderr.includes('export: write')) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    watcher.close();

    expect(signalled).toBe(true);
    expect(appeared.length).toBeGreaterThan(0);
    expect(status).toBe(1);
    expect(stderr).toMatch(/amr-studio: CANCELLED: /);
    expect(readdirSync(project.dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(existsSync(out)).toBe(false);
    const store = openProject(project.projectPath);
    try {
      expect(store.listExports()).toEqual([]);
    } finally {
      store.close();
    }
  }, 120_000);
});
