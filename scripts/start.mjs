// `npm start [project.amrproj]`: build the app, then launch Electron on the given project,
// or on the bundled demo project when none is given. Electron's own CLI fetches its binary
// on first run.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// The Electron copy of better-sqlite3 is built once, on the first start.
if (!existsSync('resources/native/better_sqlite3.electron.node')) {
  const native = spawnSync(process.execPath, ['scripts/build-sqlite-electron.mjs'], { stdio: 'inherit' });
  if (native.status !== 0) process.exit(native.status ?? 1);
}

const electronCli = require.resolve('electron/cli.js');
const child = spawn(process.execPath, [electronCli, '.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
