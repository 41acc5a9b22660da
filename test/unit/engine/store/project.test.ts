import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { openDatabase, projectApplicationId } from '../../../../src/main/engine/store/open-database.ts';
import { latestSchemaVersion, migrations } from '../../../../src/main/engine/store/migrations/index.ts';
import { createRng } from '../../../../src/main/engine/base/random.ts';
import { writeSynthetic } from './synthetic-dataset.ts';
import { tempDir } from './temp-project.ts';

function expectRefused(file: string, code: string, message: RegExp): void {
  const before = readFileSync(file);
  let caught: unknown;
  try {
    openProject(file).close();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe(code);
  expect((caught as AppError).message).toContain(file);
  expect((caught as AppError).message).toMatch(message);
  expect(readFileSync(file).equals(before)).toBe(true);
}

describe('project file', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('creates a stamped, migrated file and reopens it with its data', () => {
    const file = join(dir, 'a.amrproj');
    const store = openProject(file, { create: true });
    const { info } = writeSynthetic(store);
    store.close();
    expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('application_id', { simple: true })).toBe(projectApplicationId);
    expect(raw.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    raw.close();

    const again = openProject(file);
    expect(again.listDatasets().map((d) => [d.name, d.count])).toEqual([[info.name, info.count]]);
    expect(again.info()).toMatchObject({ schemaVersion: latestSchemaVersion, datasets: 1, samples: info.count, models: 0 });
    again.close();
    // the pragmas of the connection a store is opened on
    const db = openDatabase(file, { migrations });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a missing file unless asked to create it', () => {
    const file = join(dir, 'missing.amrproj');
    expect(() => openProject(file)).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a project written by a newer version and leaves it byte-identical', () => {
    const file = join(dir, 'newer.amrproj');
    openProject(file, { create: true }).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestSchemaVersion + 5}`);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    expectRefused(file, 'PROJECT_VERSION', /newer/);
  });

  it('refuses a SQLite file that is not a project and leaves it byte-identical', () => {
    const file = join(dir, 'other.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (\'hello\')');
    raw.close();
    expectRefused(file, 'NOT_A_PROJECT', /not an AMR Studio project/);
  });

  it('refuses random bytes and a damaged project, leaving both byte-identical', () => {
    const randomRng = createRng(5);
  const random = () => randomRng.next();
    const noise = join(dir, 'noise.amrproj');
    writeFileSync(noise, Uint8Array.from({ length: 8192 }, () => Math.floor(random() * 256)));
    expectRefused(noise, 'NOT_A_PROJECT', /not a SQLite database/);

    const damaged = join(dir, 'damaged.amrproj');
    const store = openProject(damaged, { create: true });
    writeSynthetic(store);
    store.close();
    const bytes = readFileSync(damaged);
    // Keep the 100-byte header (so it still looks like ours) and scramble the schema page.
    for (let i = 100; i < 16384; i++) bytes[i] = Math.floor(random() * 256);
    writeFileSync(damaged, bytes);
    expectRefused(damaged, 'NOT_A_PROJECT', /damaged/);
  });

  it('saves a compact copy with VACUUM INTO that opens with the same data', () => {
    const file = join(dir, 'orig.amrproj');
    const store = openProject(file, { create: true });
    const { info, x } = writeSynthetic(store);
    const copy = join(dir, 'copy.amrproj');
    store.backupTo(copy);
    expect(() => store.backupTo(copy)).toThrowError(expect.objectContaining({ code: 'VALIDATION' }));
    store.close();
    const reopened = openProject(copy);
    expect(Buffer.from(reopened.loadSamples({ datasetId: info.id }).x.buffer).equals(Buffer.from(x.buffer))).toBe(true);
    reopened.close();
  });

  it('opens read-only without writing and refuses writes', () => {
    const file = join(dir, 'ro.amrproj');
    const store = openProject(file, { create: true });
    writeSynthetic(store);
    store.close();
    const before = readFileSync(file);
    const ro = openProject(file, { readonly: true });
    expect(ro.listDatasets()).toHaveLength(1);
    expect(() => ro.createJob({ kind: 'train', config: {}, seed: 1 })).toThrow();
    ro.close();
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
