import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as exportCommand } from '../../../../src/main/cli/commands/export.ts';
import { commandLoaders } from '../../../../src/main/cli/commands/index.ts';
import type { ExportModelResult } from '../../../../src/main/engine/export/export-model.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { makeTrainedProject, type TrainedProject } from '../../engine/export/trained-project.ts';
import { useWasm } from '../../engine/export/test-models.ts';

let project: TrainedProject;

beforeAll(async () => {
  await useWasm();
  project = await makeTrainedProject('amr-cli-export-');
  // the command opens the project itself, as from a shell
  project.store.close();
});
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

const quiet = () => {};

describe('amr-studio export', () => {
  it('is registered', async () => {
    expect((await commandLoaders['export']!()).command).toBe(exportCommand);
  });

  it('exports int8 ONNX, prints the report and records the export in the project', async () => {
    const out = path.join(project.dir, 'cli-int8.onnx');
    const lines: string[] = [];
    const result = await exportCommand.run(
      { positionals: [project.projectPath], flags: { model: String(project.modelId), format: 'onnx-int8', out, calibration: '32', json: true } },
      (line) => lines.push(line),
    );
    const json = result.json as ExportModelResult;
    expect(json.path).toBe(out);
    expect(statSync(out).size).toBe(json.bytes);
    expect(json.report.int8!.fileBytes).toBe(json.bytes);
    expect(lines).toContain('export: calibrate');
    expect(result.text).toContain(`${(100 * json.report.int8!.accuracy.overall).toFixed(2)} %`);
    expect(result.text).toMatch(/int8: .* KiB, accuracy .* \(drop -?\d+\.\d\d points\)/);
    expect(result.text).toContain(`latency by CPU time p50/p95 ${json.report.int8!.latency.batch1.cpuP50Ms.toFixed(3)} ms/`);
    expect(result.text).toMatch(/accuracy per SNR \(int8\): 10 dB .* %, 18 dB .* %/);
    expect(result.text).toContain(`recorded as export ${json.exportId}`);

    const store = openProject(project.projectPath);
    try {
      expect(store.listExports().map((r) => [r.id, r.format, r.path, (r.config as { calibrationSamples?: number }).calibrationSamples])).toEqual([[json.exportId, 'onnx-int8', out, 32]]);
    } finally {
      store.close();
    }
  });

  it('rejects a bad format, a missing --out and a missing --model before touching anything', async () => {
    const base = { positionals: [project.projectPath] };
    await expect(exportCommand.run({ ...base, flags: { model: '1', format: 'pt', out: path.join(project.dir, 'a') } }, quiet)).rejects.toThrow(/--format/);
    await expect(exportCommand.run({ ...base, flags: { model: '1', format: 'onnx' } }, quiet)).rejects.toThrow(/--out/);
    await expect(exportCommand.run({ ...base, flags: { format: 'onnx', out: path.join(project.dir, 'b.onnx') } }, quiet)).rejects.toThrow(/--model/);
    await expect(exportCommand.run({ ...base, flags: { model: '42', format: 'onnx', out: path.join(project.dir, 'c.onnx') } }, quiet)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(['a', 'b.onnx', 'c.onnx'].some((f) => existsSync(path.join(project.dir, f)))).toBe(false);
  });

  it('refuses an --out it cannot write before converting anything, with its own code', async () => {
    const phases: string[] = [];
    const err = await exportCommand
      .run({ positionals: [project.projectPath], flags: { model: String(project.modelId), format: 'onnx-int8', out: '/proc/x' } }, (l) => phases.push(l))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_WRITABLE', message: '/proc/x: cannot write in /proc (the folder does not accept new files)' });
    expect(phases.filter((p) => p.startsWith('export:'))).toEqual([]);
  });
});
