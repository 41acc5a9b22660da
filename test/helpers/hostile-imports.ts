// Runs importFile over hostile files in a child process (a fatal V8 error or a hang must not take
// the test runner down) and returns one outcome per file; files missing from the answer crashed
// the child or ran past the time limit.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const hostileDir = join(import.meta.dirname, '..', 'fixtures', 'hostile');

export interface HostileOutcome {
  file: string;
  ms: number;
  /** how far the child's resident memory rose during this import (peak − level before), MB */
  growthMB: number;
  /** the project's rows are the same after the import as before */
  unchanged: boolean;
  ok: boolean;
  code?: string;
  message?: string;
}

const script = join(import.meta.dirname, '..', 'integration', 'io', 'scripts', 'import-hostile.ts');

export async function importHostile(project: string, files: string[], limitMs: number): Promise<{ outcomes: HostileOutcome[]; exit: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, project, ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr += b.toString().slice(0, 4000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const exit = await new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  clearTimeout(timer);
  const outcomes = stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as HostileOutcome);
  return { outcomes, exit: exit === '0' ? exit : `${exit}: ${stderr.slice(0, 2000)}` };
}
