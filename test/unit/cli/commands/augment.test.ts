import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as augment } from '../../../../src/main/cli/commands/augment.ts';
import { commandLoaders } from '../../../../src/main/cli/commands/index.ts';
import { command as train } from '../../../../src/main/cli/commands/train.ts';
import { augmentFromArgs, subsetFromArgs } from '../../../../src/main/cli/training-options.ts';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-cli-augment-'));
const project = join(dir, 'p.amrproj');
const log = (): void => undefined;
const classes = ['BPSK', 'QPSK', 'GFSK'];

beforeAll(async () => {
  const store = openProject(project, { create: true });
  await writeGeneratedDataset(store, { preset: 'rml2016', classes, snrs: [0, 18], perKey: 8, length: 32, seed: 1 }, { name: 'tiny' });
  store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const flags = (f: Record<string, string | boolean>) => ({ positionals: [project], flags: f });

describe('training subset and augmentation options', () => {
  it('read --snr as one SNR or a range, --classes by name or index, --per-cell and its seed', () => {
    expect(subsetFromArgs(flags({}), classes)).toBeUndefined();
    expect(subsetFromArgs(flags({ snr: '18' }), classes)).toEqual({ snrMin: 18, snrMax: 18 });
    expect(subsetFromArgs(flags({ snr: '-4:18', classes: 'GFSK,0', 'per-cell': '5', 'subset-seed': '9' }), classes)).toEqual({ snrMin: -4, snrMax: 18, classes: [2, 0], perCell: 5, seed: 9 });
    expect(() => subsetFromArgs(flags({ snr: '18:0' }), classes)).toThrow(/--snr must be one SNR/);
    expect(() => subsetFromArgs(flags({ snr: 'high' }), classes)).toThrow(/--snr/);
    expect(() => subsetFromArgs(flags({ classes: 'QAM16' }), classes)).toThrow(/no class 'QAM16' \(it has BPSK, QPSK, GFSK\)/);
    expect(() => subsetFromArgs(flags({ 'per-cell': '0' }), classes)).toThrow(/--per-cell must be a positive integer/);
  });

  it('read --augment in the text form, with --augment-rate', () => {
    expect(augmentFromArgs(flags({}))).toBeUndefined();
    expect(augmentFromArgs(flags({ augment: 'none' }))).toBeUndefined();
    expect(augmentFromArgs(flags({ augment: 'theta:0.2', 'augment-rate': '0.25' }))).toMatchObject({ mix: { method: 'theta', theta: 0.2 }, probability: 0.25 });
    expect(augmentFromArgs(flags({ augment: 'rf:phase,awgn' }))).toMatchObject({ mix: null, rf: { ops: ['phase', 'awgn'] } });
    expect(() => augmentFromArgs(flags({ augment: 'msm', 'augment-rate': '2' }))).toThrow(/--augment 'msm': probability/);
    expect(() => augmentFromArgs(flags({ augment: 'mixup' }))).toThrow(/unknown term 'mixup'/);
  });
});

describe('amr-studio augment', () => {
  it('is registered, and names what is missing or wrong before any job starts', async () => {
    expect((await commandLoaders['augment']!()).command).toBe(augment);
    await expect(augment.run(flags({ method: 'msm' }), log)).rejects.toThrow(/--dataset is required/);
    await expect(augment.run(flags({ dataset: 'tiny' }), log)).rejects.toThrow(/--method is required/);
    await expect(augment.run(flags({ dataset: 'tiny', method: 'nrm:x' }), log)).rejects.toThrow(/n must be a number/);
  });

  it('writes a derived dataset in a job process, and train --augment --snr --per-cell records both with the model', async () => {
    const made = await augment.run(flags({ dataset: 'tiny', method: 'msm', 'per-sample': '2', seed: '4', json: true }), log);
    const r = made.json as { datasetId: number; originals: number; augmented: number; method: string };
    expect(r.method).toBe('MSM, exchange 0.5, pool 64, band 0.1, same SNR');
    expect(r.originals).toBe(48);
    expect(made.text).toContain(`dataset ${r.datasetId}: ${r.augmented} augmented signals`);
    const trained = await train.run(flags({ dataset: 'tiny', model: 'cnn1d', epochs: '1', batch: '8', threads: '1', augment: 'rm+rf:phase', snr: '18', 'per-cell': '3', json: true }), log);
    const store = openProject(project);
    try {
      const derived = store.getDataset(r.datasetId);
      expect(derived).toMatchObject({ kind: 'augmented', count: r.originals + r.augmented });
      expect(r.augmented).toBe(2 * store.pageSamples({ datasetId: 1, split: 'train' }, { offset: 0, limit: 0 }).total);
      const model = store.listModels().find((m) => m.id === (trained.json as { modelId: number }).modelId)!;
      expect(model.config).toMatchObject({ subset: { snrMin: 18, snrMax: 18, perCell: 3, trainSignals: 9 }, augment: { method: 'RM, exchange 0.5, same SNR + RF phase' } });
    } finally {
      store.close();
    }
  }, 120_000);
});
