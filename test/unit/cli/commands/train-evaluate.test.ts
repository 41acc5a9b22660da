import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as evaluate } from '../../../../src/main/cli/commands/evaluate.ts';
import { resolveDatasetId } from '../../../../src/main/cli/dataset-ref.ts';
import { command as train } from '../../../../src/main/cli/commands/train.ts';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-cli-train-'));
const project = join(dir, 'p.amrproj');
const log = (): void => undefined;

beforeAll(async () => {
  const store = openProject(project, { create: true });
  await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK'], snrs: [0], perKey: 2, length: 16, seed: 1 }, { name: 'tiny' });
  store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Argument errors are reported before any job process starts.
describe('train and evaluate commands', () => {
  it('resolve a dataset by id or by name', () => {
    using store = openProject(project);
    expect(resolveDatasetId(store, '7')).toBe(7);
    expect(resolveDatasetId(store, 'tiny')).toBe(1);
    expect(() => resolveDatasetId(store, 'missing')).toThrow(/no dataset is named 'missing'/);
  });

  it('reject missing or malformed arguments with the flag named', async () => {
    await expect(train.run({ positionals: [project], flags: {} }, log)).rejects.toThrow(/--dataset is required/);
    await expect(train.run({ positionals: [project], flags: { dataset: '1', schedule: 'linear' } }, log)).rejects.toThrow(/--schedule must be constant, step or cosine/);
    await expect(train.run({ positionals: [project], flags: { dataset: '1', epochs: 'many' } }, log)).rejects.toThrow(/--epochs must be a number/);
    await expect(evaluate.run({ positionals: [project], flags: { model: '1', split: 'holdout' } }, log)).rejects.toThrow(/--split must be/);
    await expect(evaluate.run({ positionals: [project], flags: {} }, log)).rejects.toThrow(/--model is required/);
  });
});
