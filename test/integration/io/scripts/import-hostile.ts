// Imports each file named on the command line into one project, in this process, and prints one
// JSON line per file: the error code and message, the time taken, how far this process's resident
// memory rose above its level before that import, and whether the project's contents stayed the same. A crash or hang shows as missing lines.
import { readFileSync, writeFileSync } from 'node:fs';
import { importFile } from '../../../../src/main/engine/io/registry.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { toErrorData } from '../../../../src/shared/errors.ts';
import { projectDigest } from '../../../helpers/project-digest.ts';

const [projectPath, ...files] = process.argv.slice(2);
// The HDF5 library compiles once per process (seconds on a busy machine); its time is not the file's.
await (await import('h5wasm/node')).ready;
const store = openProject(projectPath, { create: true });
/** Linux resets a process's peak resident size when 5 is written to clear_refs: each file gets its own peak. */
function resetPeak(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

function peakMB(): number {
  const kB = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1];
  return Number(kB) / 1024;
}

function residentMB(): number {
  return process.memoryUsage.rss() / (1024 * 1024);
}

for (const file of files) {
  const before = projectDigest(projectPath);
  resetPeak();
  const startMB = residentMB();
  const started = performance.now();
  let outcome: { ok: true } | { ok: false; code: string; message: string };
  try {
    await importFile(store, file);
    outcome = { ok: true };
  } catch (e) {
    outcome = { ok: false, ...toErrorData(e) };
  }
  const ms = performance.now() - started;
  const growthMB = peakMB() - startMB;
  const unchanged = projectDigest(projectPath) === before;
  console.log(JSON.stringify({ file, ms, growthMB, unchanged, ...outcome }));
}
store.close();
