// Installing must not run onnxruntime-node's install script (it fetches CUDA libraries from NuGet,
// which fails offline and which the CPU provider never uses), and must do so without a project
// .npmrc key npm does not know: npm warns on every call for those and will stop honouring them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean>; engines?: Record<string, string> };

function npm(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root' };
  const r = spawnSync('npm', args, { cwd: root, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const npmVersion = npm(['--version']).stdout.trim();
const [major = 0, minor = 0] = npmVersion.split('.').map(Number);
const honoursAllowScripts = major > 11 || (major === 11 && minor >= 16);
if (!honoursAllowScripts) console.log(`npm ${npmVersion || '(not found)'} predates allowScripts (11.16): its checks are skipped`);

describe('npm install policy', () => {
  it('denies onnxruntime-node its install script in package.json and asks for an npm that honours it', () => {
    expect(pkg.allowScripts?.['onnxruntime-node']).toBe(false);
    expect(pkg.engines?.['npm']).toBe('>=11.16');
  });

  it.skipIf(!honoursAllowScripts)('npm runs in the project without a warning about its config', () => {
    const r = npm(['config', 'get', 'allow-scripts']);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/Unknown (project|user|env) config/);
    expect(r.stderr).not.toMatch(/npm warn/i);
  });
});
