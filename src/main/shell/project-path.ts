// Which project the app opens: the one named on the command line, else the bundled demo.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The first argument that names a project file (Electron's own switches start with '-'). */
export function projectFromArgs(argv: readonly string[]): string | null {
  const found = argv.slice(1).find((a) => !a.startsWith('-') && a.endsWith('.amrproj'));
  return found ? resolve(found) : null;
}

export function demoProjectPath(userData: string): { path: string; exists: boolean } {
  const path = join(userData, 'demo.amrproj');
  return { path, exists: existsSync(path) };
}
