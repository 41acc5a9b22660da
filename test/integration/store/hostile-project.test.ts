// A crafted project file whose own schema would run: a trigger that zeroes imported data, a
// view that recurses forever, a table changed behind our back. Each is refused on open, read-only
// or not, quickly, and the file's bytes stay as they were.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openProject } from '../../../src/main/engine/store/project.ts';
import { AppError } from '../../../src/shared/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-hostile-project-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const crafted: Record<string, string> = {
  'zeroing-trigger': 'CREATE TRIGGER zero_chunks AFTER INSERT ON chunks BEGIN UPDATE chunks SET data = zeroblob(length(new.data)) WHERE id = new.id; END',
  'recursive-view': 'CREATE VIEW endless AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r',
  'changed-table': 'ALTER TABLE datasets ADD COLUMN note TEXT',
  'extra-index': 'CREATE INDEX by_name ON datasets (name)',
};

function craft(name: string, sql: string): string {
  const file = join(dir, `${name}.amrproj`);
  openProject(file, { create: true }).close();
  const db = new Database(file);
  db.exec(sql);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function refusal(open: () => unknown): AppError {
  try {
    open();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the project to be refused');
}

describe('a project file with a schema of its own', () => {
  it.each(Object.entries(crafted))('%s: refused on open, read-only too, file untouched', (name, sql) => {
    const file = craft(name, sql);
    const before = digest(file);
    const started = performance.now();
    for (const readonly of [false, true]) {
      const e = refusal(() => openProject(file, { readonly }));
      expect(e.code).toBe('NOT_A_PROJECT');
      expect(e.message).toContain(file);
      expect(e.message).toMatch(/its schema is not the one AMR Studio creates for version \d+/);
      expect(digest(file)).toBe(before);
      // A read-only connection to a WAL file leaves SQLite's empty side file behind; nothing is written to it.
      if (readonly) expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
      else expect(existsSync(`${file}-wal`)).toBe(false);
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('names what is not ours', () => {
    const file = craft('named', crafted['zeroing-trigger']!);
    expect(refusal(() => openProject(file)).message).toContain('not ours: trigger zero_chunks on chunks');
  });

  it('an untouched project still opens, and reopens after ANALYZE wrote its statistics', () => {
    const file = join(dir, 'plain.amrproj');
    openProject(file, { create: true }).close();
    const db = new Database(file);
    db.exec('ANALYZE');
    db.close();
    const store = openProject(file);
    expect(store.listDatasets()).toEqual([]);
    store.close();
  });
});
