import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { migrations } from '../../../../src/main/engine/store/migrations/index.ts';
import type { Migration } from '../../../../src/main/engine/store/migrations/migration.ts';
import { writeSynthetic } from './synthetic-dataset.ts';
import { tempDir } from './temp-project.ts';
import { readProjectFile } from '../../../helpers/project-file.ts';

const v1 = migrations.slice(0, 1);

/** A dataset row as an older version wrote it (today's writer needs today's schema). */
function oldDataset(file: string): { id: number; count: number } {
  const db = new Database(file);
  try {
    const id = Number(
      db.prepare("INSERT INTO datasets (name, kind, format, source_hash, length, sample_count, created_at) VALUES ('old', 'generated', 'synthetic', 'h', 8, 5, '2024-01-01')").run().lastInsertRowid,
    );
    return { id, count: 5 };
  } finally {
    db.close();
  }
}

/** Later steps that record the order they ran in, as real later migrations would build on earlier ones. */
const addHistory: Migration = {
  version: 2,
  name: 'history',
  up: (db) => db.exec("CREATE TABLE history (step INTEGER); INSERT INTO history VALUES (2)"),
};
const extendDatasets: Migration = {
  version: 3,
  name: 'dataset notes',
  up: (db) => db.exec("ALTER TABLE datasets ADD COLUMN notes TEXT NOT NULL DEFAULT ''; INSERT INTO history VALUES (3)"),
};
const failing: Migration = {
  version: 3,
  name: 'fails halfway',
  up: (db) => {
    db.exec('CREATE TABLE half_done (x INTEGER)');
    throw new Error('disk said no');
  },
};

describe('migrations', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('upgrades a version-1 file step by step, in order, keeping its data', () => {
    const file = join(dir, 'old.amrproj');
    openProject(file, { create: true, migrations: v1 }).close();
    const info = oldDataset(file);

    const store = openProject(file, { migrations: [...v1, addHistory, extendDatasets] });
    readProjectFile(file, (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(3);
      expect(db.prepare('SELECT step FROM history ORDER BY rowid').pluck().all()).toEqual([2, 3]);
      expect(db.prepare('SELECT notes FROM datasets WHERE id = ?').pluck().get(info.id)).toBe('');
    });
    expect(readProjectFile(file, (db) => db.prepare('SELECT sample_count FROM datasets WHERE id = ?').pluck().get(info.id))).toBe(info.count);
    store.close();
  });

  it('adds evaluation records and content hashes to a version-2 file, keeping its data', () => {
    const file = join(dir, 'v2.amrproj');
    openProject(file, { create: true, migrations: migrations.slice(0, 2) }).close();
    const info = oldDataset(file);
    const store = openProject(file);
    expect(store.getDataset(info.id)).toMatchObject({ count: info.count, contentHash: null });
    expect(store.listEvaluations()).toEqual([]);
    // what the new version writes is hashed
    expect(writeSynthetic(store).info.contentHash).toMatch(/^[0-9a-f]{64}$/);
    store.close();
  });

  it('rolls back a failing step: version and schema stay as they were', () => {
    const file = join(dir, 'fail.amrproj');
    openProject(file, { create: true, migrations: [...v1, addHistory] }).close();
    expect(() => openProject(file, { migrations: [...v1, addHistory, failing] })).toThrow(/disk said no/);
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
    expect(raw.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").pluck().get()).toBe(0);
    raw.close();
  });

  it('refuses a migration list with a gap', () => {
    const file = join(dir, 'gap.amrproj');
    expect(() => openProject(file, { create: true, migrations: [...v1, extendDatasets] })).toThrow(/out of order/);
  });
});
