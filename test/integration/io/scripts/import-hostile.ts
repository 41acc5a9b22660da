// Imports each file named on the command line into one project, in this process, and prints one
// JSON line per file: the error code and message, the time taken, this process's peak memory so
// far, and whether the project's contents stayed the same. A crash or hang shows as missing lines.
import { importFile } from '../../../../src/main/engine/io/registry.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { toErrorData } from '../../../../src/shared/errors.ts';
import { projectDigest } from '../../../helpers/project-digest.ts';

const [projectPath, ...files] = process.argv.slice(2);
const store = openProject(projectPath, { create: true });
for (const file of files) {
  const before = projectDigest(projectPath);
  const started = performance.now();
  let outcome: { ok: true } | { ok: false; code: string; message: string };
  try {
    await importFile(store, file);
    outcome = { ok: true };
  } catch (e) {
    outcome = { ok: false, ...toErrorData(e) };
  }
  const ms = performance.now() - started;
  const peakMB = process.resourceUsage().maxRSS / 1024;
  const unchanged = projectDigest(projectPath) === before;
  console.log(JSON.stringify({ file, ms, peakMB, unchanged, ...outcome }));
}
store.close();
