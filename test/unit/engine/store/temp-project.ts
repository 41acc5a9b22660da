// Scratch folders and project files for store tests, removed again after each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openProject, type ProjectStore } from '../../../../src/main/engine/store/project.ts';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'amr-store-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Before each test of the enclosing suite, open a new project file and hand its store to use. */
export function useTempProject(use: (store: ProjectStore) => void): void {
  let store: ProjectStore | undefined;
  let cleanup = () => {};
  beforeEach(() => {
    let dir: string;
    ({ dir, cleanup } = tempDir());
    store = openProject(join(dir, 'p.amrproj'), { create: true });
    use(store);
  });
  afterEach(() => {
    store?.close();
    cleanup();
  });
}
