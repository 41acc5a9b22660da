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
    const old = openProject(file, { create: true, migrations: v1 });
    const { info } = writeSynthetic(old);
    old.close();

    const store = openProject(file, { migrations: [...v1, addHistory, extendDatasets] });
    readProjectFile(file, (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(3);
      expect(db.prepare('SELECT step FROM history ORDER BY rowid').pluck().all()).toEqual([2, 3]);
      expect(db.prepare('SELECT notes FROM datasets WHERE id = ?').pluck().get(info.id)).toBe('');
    });
    expect(store.getDataset(info.id).count).toBe(info.count);
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
