// onnxruntime-node 1.23's library carries a telemetry SDK that leaves /tmp/mat-debug-<pid>.log
// (or one under $TMPDIR) behind every process that opens a session. Opening one through our
// loader in a fresh process must leave no such file anywhere.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../../..');
const privateTmp = mkdtempSync(join(tmpdir(), 'amr-ort-telemetry-'));
afterAll(() => rmSync(privateTmp, { recursive: true, force: true }));

function runSession(tmp: string | null): { pid: number; y: number[] } {
  // an explicit environment without ORT_DISABLE_TELEMETRY: what a user's shell would give
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root' };
  if (tmp) env['TMPDIR'] = tmp;
  const r = spawnSync(process.execPath, ['--import', './bin/register-ts.mjs', 'test/unit/engine/export/onnx-telemetry-child.ts'], { cwd: root, env, encoding: 'utf8', timeout: 90_000 });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { pid: number; y: number[] };
}

describe('onnxruntime telemetry', () => {
  it('writes no mat-debug log, in /tmp or in $TMPDIR', () => {
    const inTmp = runSession(null);
    expect(inTmp.y).toEqual([0, 2, 0, 4]);
    expect(existsSync(`/tmp/mat-debug-${inTmp.pid}.log`)).toBe(false);
    const inPrivate = runSession(privateTmp);
    expect(existsSync(`/tmp/mat-debug-${inPrivate.pid}.log`)).toBe(false);
    expect(readdirSync(privateTmp).filter((f) => f.startsWith('mat-debug'))).toEqual([]);
  }, 120_000);
});
