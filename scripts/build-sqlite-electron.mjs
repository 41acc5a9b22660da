// Builds a copy of better-sqlite3 for Electron's ABI into resources/native/, leaving the copy in
// node_modules (built for Node, used by the CLI and the tests) untouched. The Electron shell
// loads it through better-sqlite3's `nativeBinding` option.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const work = join(tmpdir(), `better-sqlite3-electron-${electronVersion}`);
rmSync(work, { recursive: true, force: true });
cpSync(sqliteDir, work, { recursive: true });
rmSync(join(work, 'build'), { recursive: true, force: true });
execFileSync(
  'npx',
  ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--arch=' + process.arch, '--dist-url=https://electronjs.org/headers'],
  { cwd: work, stdio: 'inherit' },
);
const outDir = join(process.cwd(), 'resources', 'native');
mkdirSync(outDir, { recursive: true });
copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), join(outDir, 'better_sqlite3.electron.node'));
console.log(`built ${join(outDir, 'better_sqlite3.electron.node')} for Electron ${electronVersion}`);
