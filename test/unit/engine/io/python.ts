// Runs a short Python script (Debian's python3 with numpy and h5py) to write test files in
// their real formats with the real libraries; the script prints one JSON document of facts.
import { execFileSync } from 'node:child_process';

export const python = '/usr/bin/python3';

export function runPython<T>(script: string, args: string[] = []): T {
  const out = execFileSync(python, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as T;
}
