import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import pkg from '../../../package.json' with { type: 'json' };

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
