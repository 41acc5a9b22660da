// House rule: only the Electron shell imports 'electron'; everything else must run under plain Node.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(m?[jt]sx?|cts|mts)$/.test(e.name) ? [p] : [];
  });
}

const electronImport = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]electron(?:\/[^'"]*)?['"]/;

function mayImportElectron(rel: string): boolean {
  const posix = rel.split(sep).join('/');
  return posix === 'src/main/index.ts' || posix.startsWith('src/main/shell/') || posix.startsWith('src/preload/');
}

function offenders(files: string[]): string[] {
  return files.filter((f) => !mayImportElectron(relative(root, f)) && electronImport.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
}

describe("imports of 'electron'", () => {
  it('appear only in the shell, the main entry and the preload', () => {
    const files = sourceFiles(src);
    expect(files.length).toBeGreaterThan(10);
    expect(offenders(files)).toEqual([]);
  });

  it('are recognised in every import form', () => {
    for (const line of [
      "import { app } from 'electron';",
      'import "electron";',
      "const { app } = require('electron');",
      "await import('electron')",
      "import type { IpcMainEvent } from 'electron/main';",
    ]) {
      expect(electronImport.test(line), line).toBe(true);
    }
    expect(electronImport.test("import x from 'electron-vite';")).toBe(false);
    expect(electronImport.test("// talks to the electron shell")).toBe(false);
  });
});
