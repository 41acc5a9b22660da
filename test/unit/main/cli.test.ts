import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import pkg from '../../../package.json' with { type: 'json' };
import { openProject } from '../../../src/main/engine/store/project.ts';
import { rmlP0Bytes } from '../../helpers/rml-p0-writer.ts';

const run = promisify(execFile);
const bin = new URL('../../../bin/amr-studio.mjs', import.meta.url).pathname;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('amr-studio CLI', () => {
  it('prints the package version as one JSON document', async () => {
    const r = await cli(['--version', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'AMR Studio', version: pkg.version });
  });

  it('exits non-zero with a one-line error on an unknown command', async () => {
    const r = await cli(['frobnicate', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('VALIDATION');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('lists its commands in help', async () => {
    const r = await cli(['help', '--json']);
    const names = JSON.parse(r.stdout).commands.map((c: { name: string }) => c.name);
    expect(names).toContain('version');
  });
});

describe('command registry', () => {
  it('names every command by the name its module declares', async () => {
    const { commandLoaders } = await import('../../../src/main/cli/commands/index.ts');
    for (const [name, load] of Object.entries(commandLoaders)) {
      expect((await load()).command.name).toBe(name);
    }
  });
});

describe('every command', () => {
  it('declares exactly the options its usage names', async () => {
    const { commandLoaders } = await import('../../../src/main/cli/commands/index.ts');
    for (const load of Object.values(commandLoaders)) {
      const { command } = await load();
      const named = new Set([...command.usage.matchAll(/--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!).filter((n) => n !== 'json' && n !== 'help' && n !== 'version'));
      expect([...named].sort(), command.name).toEqual(Object.keys(command.options).sort());
    }
  });

  it('fails on a mistyped option before doing anything, naming the closest one', async () => {
    const { main } = await import('../../../src/main/cli.ts');
    const { commandLoaders } = await import('../../../src/main/cli/commands/index.ts');
    const errors: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => errors.push(s) > 0) as typeof process.stderr.write;
    try {
      for (const [name, load] of Object.entries(commandLoaders)) {
        const { command } = await load();
        const first = Object.keys(command.options)[0] ?? 'json';
        const typo = `${first.slice(0, -1)}${first.at(-1) === 'x' ? 'y' : 'x'}`;
        errors.length = 0;
        expect(await main([...name.split(' '), 'never-created.amrproj', `--${typo}`, '1']), name).toBe(2);
        expect(errors.join(''), name).toContain(`unknown option --${typo} for '${name}'; did you mean --${first}?`);
      }
    } finally {
      process.stderr.write = write;
    }
  });

  it('exits 2 on the mistyped train options of a new user', async () => {
    const r = await cli(['train', 'p.amrproj', '--dataset', '1', '--epoch', '1', '--bach', '32', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toBe("unknown option --epoch for 'train'; did you mean --epochs?");
  });
});

describe('the HDF5 library', () => {
  it('never prints its error stack: a pickle read as RML2018 HDF5 fails in one line of ours', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amr-cli-hdf5-'));
    try {
      const project = join(dir, 'p.amrproj');
      openProject(project, { create: true }).close();
      const pickle = join(dir, 'tiny.pkl');
      writeFileSync(pickle, rmlP0Bytes([{ modulation: 'BPSK', snr: 0, data: new Float32Array(2 * 2 * 8), shape: [2, 2, 8] }]));
      const r = await cli(['import', project, pickle, '--format', 'rml2018-hdf5', '--json']);
      expect(JSON.parse(r.stdout).error.code).toBe('BAD_FILE');
      expect(r.code).toBe(1);
      expect(r.stderr).not.toContain('HDF5-DIAG');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      // the import runs as a job, whose failure the line names
      expect(lines[0]).toMatch(/^amr-studio: BAD_FILE: (import job \d+ failed: )?/);
      expect(lines[0]!.endsWith(`${pickle}: cannot be opened as HDF5 (file signature not found: Not an HDF5 file)`)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
