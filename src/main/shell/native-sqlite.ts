// better-sqlite3 in node_modules is built for Node's ABI (the CLI and tests use it); Electron
// needs the copy `npm run build:sqlite-electron` builds into resources/native.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import { useSqliteNativeBinding } from '../engine/store/open-database.ts';

export function useElectronSqlite(): void {
  const binding = join(app.getAppPath(), 'resources', 'native', 'better_sqlite3.electron.node');
  if (existsSync(binding)) useSqliteNativeBinding(binding);
}
