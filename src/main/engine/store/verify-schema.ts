// A project file carries its own schema, and SQLite runs what that schema says: a trigger on
// insert, a view that recurses forever. Before anything else touches a file, its tables,
// indexes, triggers and views must be exactly those our migrations create for its version.
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import type { Migration } from './migrations/migration.ts';

type SchemaRow = { type: string; name: string; tbl_name: string; sql: string | null };

const readSchema = (db: Database.Database): string[] =>
  (db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema').all() as SchemaRow[])
    .map((r) => `${r.type} ${r.name} on ${r.tbl_name}: ${r.sql ?? ''}`)
    .sort();

/** SQLite's own statistics tables (ANALYZE writes them); rows in them only steer query plans. */
const statisticsTables = new Set([
  'table sqlite_stat1 on sqlite_stat1: CREATE TABLE sqlite_stat1(tbl,idx,stat)',
  'table sqlite_stat4 on sqlite_stat4: CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)',
]);

const expectedByVersion = new WeakMap<readonly Migration[], Map<number, string[]>>();

/** The schema rows the first `version` migrations create, built once in memory. */
function expectedSchema(migrations: readonly Migration[], version: number, nativeBinding: string | undefined): string[] {
  let byVersion = expectedByVersion.get(migrations);
  if (!byVersion) expectedByVersion.set(migrations, (byVersion = new Map()));
  let rows = byVersion.get(version);
  if (!rows) {
    const db = new Database(':memory:', { nativeBinding });
    try {
      db.pragma('foreign_keys = ON');
      for (const step of migrations.slice(0, version)) db.transaction(() => step.up(db))();
      rows = readSchema(db);
    } finally {
      db.close();
    }
    byVersion.set(version, rows);
  }
  return rows;
}

/** Refuse a file whose schema is not exactly ours for its version, naming what differs. */
export function verifySchema(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[],
  version: number,
  nativeBinding: string | undefined,
): void {
  const found = readSchema(db);
  const expected = expectedSchema(migrations, version, nativeBinding);
  const expectedSet = new Set(expected);
  const foundSet = new Set(found);
  const extra = found.filter((r) => !expectedSet.has(r) && !statisticsTables.has(r));
  const missing = expected.filter((r) => !foundSet.has(r));
  if (extra.length === 0 && missing.length === 0) return;
  const name = (row: string) => row.slice(0, row.indexOf(':'));
  const parts = [
    ...(extra.length ? [`not ours: ${extra.slice(0, 5).map(name).join(', ')}${extra.length > 5 ? ` and ${extra.length - 5} more` : ''}`] : []),
    ...(missing.length ? [`missing or changed: ${missing.slice(0, 5).map(name).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`] : []),
  ];
  throw new AppError(
    'NOT_A_PROJECT',
    `${file}: its schema is not the one AMR Studio creates for version ${version} (${parts.join('; ')}); refused without opening it further`,
  );
}
