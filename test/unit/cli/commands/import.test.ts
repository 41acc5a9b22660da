import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../../../../src/main/cli/commands/import.ts';
import { commandLoaders } from '../../../../src/main/cli/commands/index.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { writeRecording } from '../../engine/io/sigmf-fixture.ts';

let dir: string;
let project: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'amr-cli-import-'));
  project = join(dir, 'p.amrproj');
  openProject(project, { create: true }).close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('amr-studio import', () => {
  it('is listed among the commands', async () => {
    expect((await commandLoaders['import']!()).command).toBe(command);
  });

  it('imports a file, passing other flags to the importer, and reports id, counts, classes, SNRs and time', async () => {
    const meta = writeRecording(dir, 'rec');
    const lines: string[] = [];
    const out = await command.run(
      { positionals: [project, meta], flags: { name: 'bursts', 'window-length': '64', hop: '64', json: true } },
      (l) => lines.push(l),
    );
    expect(out.json).toMatchObject({ id: 1, name: 'bursts', format: 'sigmf', count: 13, length: 64, classes: ['BPSK', 'QPSK'], reused: false });
    // SigMF records no SNR: each window carries the import's blind estimate, in 2 dB steps
    const { snrs } = out.json as { snrs: number[] };
    expect(snrs.length).toBeGreaterThan(0);
    expect(snrs.every((s) => s % 2 === 0)).toBe(true);
    expect((out.json as { seconds: number }).seconds).toBeGreaterThan(0);
    expect(out.text).toContain('imported dataset #1 "bursts" (sigmf): 13 samples × 2 × 64');
    expect(lines.some((l) => l.startsWith('windows: 13/13'))).toBe(true);
    expect(lines.some((l) => l.includes("warning:") && l.includes("'FM'"))).toBe(true);

    const again = await command.run({ positionals: [project, meta], flags: { 'window-length': '64', hop: '64' } }, () => {});
    expect(again.text).toContain('already imported as dataset #1');
    await expect(
      command.run({ positionals: [project, meta], flags: { 'window-length': '64', hop: '64', 'on-duplicate': 'error' } }, () => {}),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('already imported as dataset 1') });
  });

  it('refuses unknown importer options, bad --options JSON and missing arguments', async () => {
    const meta = writeRecording(dir, 'rec2');
    await expect(command.run({ positionals: [project, meta], flags: { 'window-len': '64' } }, () => {})).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('windowLen'),
    });
    await expect(command.run({ positionals: [project, meta], flags: { options: '{oops' } }, () => {})).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(command.run({ positionals: [project], flags: {} }, () => {})).rejects.toMatchObject({ code: 'VALIDATION' });
    const store = openProject(project);
    expect(store.listDatasets()).toHaveLength(1);
    store.close();
  });
});
