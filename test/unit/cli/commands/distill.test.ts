import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as distillEval, formatScores } from '../../../../src/main/cli/commands/distill-eval.ts';
import { command as distill } from '../../../../src/main/cli/commands/distill.ts';
import { command as exportDataset } from '../../../../src/main/cli/commands/export-dataset.ts';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { runPython } from '../../engine/io/python.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-cli-distill-'));
const project = join(dir, 'p.amrproj');
const log = (): void => undefined;
const at = (flags: Record<string, string | boolean>) => ({ positionals: [project], flags });

beforeAll(async () => {
  const store = openProject(project, { create: true });
  await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK'], snrs: [10], perKey: 8, length: 32, seed: 1 }, { name: 'pair' });
  store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('distill, distill-eval and export-dataset commands', () => {
  // Argument errors are reported before any job process starts.
  it('reject missing or malformed arguments with the flag named', async () => {
    await expect(distill.run(at({ method: 'mdm', ipc: '1' }), log)).rejects.toThrow(/--dataset is required/);
    await expect(distill.run(at({ dataset: '1', ipc: '1' }), log)).rejects.toThrow(/--method is required/);
    await expect(distill.run(at({ dataset: '1', method: 'gm', ipc: '1' }), log)).rejects.toThrow(/--method must be one of mdm, dm, random, herding, kcenter/);
    await expect(distill.run(at({ dataset: '1', method: 'dm', ipc: '0.5' }), log)).rejects.toThrow(/--ipc must be a positive integer/);
    await expect(distill.run(at({ dataset: '1', method: 'dm', ipc: '1', frequency: 'fft' }), log)).rejects.toThrow(/--frequency must be one of complex, per-rail/);
    await expect(distillEval.run(at({}), log)).rejects.toThrow(/--dataset is required/);
    await expect(exportDataset.run(at({ dataset: '1', format: 'mat', out: 'x' }), log)).rejects.toThrow(/--format must be one of npz, rml-pickle/);
  });

  it('distils in a job process and exports the set as an .npz NumPy reads', async () => {
    const made = await distill.run(at({ dataset: 'pair', method: 'dm', ipc: '2', iterations: '3', width: '8', 'batch-real': '4', seed: '3' }), log);
    const result = made.json as { datasetId: number; count: number; iterations: number };
    expect(result).toMatchObject({ count: 4, iterations: 3 });
    expect(made.text).toMatch(/^dataset 2 \(“DM ipc 2 of pair”\): 4 signals in [\d.]+ s \(3 iterations, final L_TD [\d.]+\)$/);
    const out = join(dir, 'dm.npz');
    await exportDataset.run(at({ dataset: String(result.datasetId), format: 'npz', out }), log);
    expect(runPython<number[]>('import sys, json, numpy as np; print(json.dumps(list(np.load(sys.argv[1])["X"].shape)))', [out])).toEqual([4, 2, 32]);
  }, 180_000);

  it('prints scores as an aligned table in percent', () => {
    const lines = formatScores([{ arch: 'convnet', mean: 0.5123, std: 0.0213, runs: [0.49, 0.53] }, { arch: 'resnet1d20', mean: 0.4, std: 0.1, runs: [0.3, 0.5] }]).split('\n');
    expect(lines[0]).toBe('convnet      51.2 ±  2.1 %  (2 runs)');
    expect(lines[1]!.indexOf('±')).toBe(lines[0]!.indexOf('±'));
  });
});
