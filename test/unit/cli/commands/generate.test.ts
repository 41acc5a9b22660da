import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { command as generate, parseSnrList } from '../../../../src/main/cli/commands/generate.ts';
import { command as demo } from '../../../../src/main/cli/commands/demo.ts';
import { commandLoaders } from '../../../../src/main/cli/commands/index.ts';
import type { DatasetInfo } from '../../../../src/main/engine/store/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-cli-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = () => {};

describe('parseSnrList', () => {
  it('includes the end of a from:to:step range and accepts comma lists', () => {
    expect(parseSnrList('-20:18:2')).toHaveLength(20);
    expect(parseSnrList('-20:18:2').at(-1)).toBe(18);
    expect(parseSnrList('0:5:2')).toEqual([0, 2, 4]);
    expect(parseSnrList('-4, 10')).toEqual([-4, 10]);
    expect(() => parseSnrList('0:10:0')).toThrow(/step/);
    expect(() => parseSnrList('a,b')).toThrow(/--snr/);
  });
});

describe('generate and demo commands', () => {
  it('are registered', async () => {
    expect((await commandLoaders['generate']!()).command).toBe(generate);
    expect((await commandLoaders['demo']!()).command).toBe(demo);
  });

  it('generate writes the requested keys into a new project', async () => {
    const file = join(dir, 'gen.amrproj');
    const lines: string[] = [];
    const out = await generate.run(
      { positionals: [file], flags: { preset: 'rml2016', 'per-key': '2', snr: '-2:2:2', seed: '9', classes: 'BPSK,QPSK' } },
      (line) => lines.push(line),
    );
    const { dataset } = out.json as { dataset: DatasetInfo };
    expect(dataset).toMatchObject({ count: 12, classes: ['BPSK', 'QPSK'], snrs: [-2, 0, 2], length: 128 });
    expect(out.text).toMatch(/12 vectors/);
    expect(lines.at(-1)).toBe('generated 12/12 vectors');
  });

  it('generate rejects a missing --per-key and an unknown preset', async () => {
    await expect(generate.run({ positionals: [join(dir, 'x.amrproj')], flags: {} }, quiet)).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(generate.run({ positionals: [join(dir, 'x.amrproj')], flags: { preset: 'rml1999', 'per-key': '1' } }, quiet)).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('generate --preset rml2018 defaults to length 1024', async () => {
    const out = await generate.run({ positionals: [join(dir, 'gen2018.amrproj')], flags: { preset: 'rml2018', 'per-key': '1', snr: '30', classes: '256QAM,GMSK' } }, quiet);
    expect((out.json as { dataset: DatasetInfo }).dataset).toMatchObject({ count: 2, length: 1024, classes: ['256QAM', 'GMSK'], snrs: [30] });
  });

  it('demo creates the demo project', async () => {
    const file = join(dir, 'demo.amrproj');
    const out = await demo.run({ positionals: [file], flags: { 'per-key': '2' } }, quiet);
    expect(out.json).toMatchObject({ dataset: { count: 440 }, splits: { train: 220 } });
  });
});
