// Opening a project file: refuse what is not ours (without touching it), create atomically,
// then WAL + foreign keys + forward-only migrations; or, for reading only, a connection that
// never writes and never waits for a writer.
import { accessSync, constants, existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import { readSqliteHeader } from './file-header.ts';
import type { Migration } from './migrations/migration.ts';
import { migrate } from './migrations/migrate.ts';
import { migration as datasetStaging } from './migrations/006-dataset-staging.ts';
import { verifySchema } from './verify-schema.ts';
import { registerSeededRank } from './seeded-rank.ts';
import { removeAbandonedWrites } from './dataset-staging.ts';
import { defaultBusyPatienceMs, isBusyError, setBusyPatience } from './write-transaction.ts';

/** 'AMRS' — marks a SQLite file as an AMR Studio project. */
export const projectApplicationId = 0x414d5253;

/**
 * SQLite's largest page: the ~1 MB sample chunks take 16 overflow pages instead of 64 to write
 * and read (an import of 220 MB of samples spends half the CPU time it did with 16 KB pages).
 * Fixed when a file is made; older projects keep theirs.
 */
const pageSize = 65536;
/**
 * Bounds on the write-ahead log: SQLite folds it into the file (passively) once it holds this
 * many pages, and cuts the file back to this size once it restarts from its beginning.
 */
const walAutocheckpointPages = 1024;
export const walSizeLimitBytes = 32 * 2 ** 20;

/**
 * The Electron shell loads a better-sqlite3 binary built for Electron's ABI (the one in
 * node_modules is built for Node). The path travels in the environment so job processes the
 * shell starts load the same binary; everything else leaves it unset.
 */
const nativeBindingVariable = 'AMR_SQLITE_NATIVE_BINDING';
export function useSqliteNativeBinding(path: string): void {
  process.env[nativeBindingVariable] = path;
}
const nativeBinding = (): string | undefined => process.env[nativeBindingVariable] || undefined;

export interface OpenDatabaseOptions {
  /** create the file when it does not exist */
  create?: boolean;
  readonly?: boolean;
  migrations: readonly Migration[];
  /** see OpenProjectOptions.busyWaitMs */
  busyWaitMs?: number;
}

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;

function refuseForeign(file: string, found: { applicationId: number; userVersion: number }, latest: number): void {
  if (found.applicationId !== projectApplicationId) {
    throw new AppError(
      'NOT_A_PROJECT',
      `${file}: a SQLite database but not an AMR Studio project (application_id ${hex(found.applicationId)}, expected ${hex(projectApplicationId)})`,
    );
  }
  if (found.userVersion > latest) {
    throw new AppError(
      'PROJECT_VERSION',
      `${file}: written by a newer AMR Studio (schema version ${found.userVersion}, this version reads up to ${latest}); update the app to open it`,
    );
  }
}

/** Builds the file under a temporary name and links it into place, so no half-made project is ever seen. */
function createProjectFile(file: string, migrations: readonly Migration[]): void {
  const temp = `${file}.creating-${process.pid}`;
  try {
    const db = new Database(temp, { nativeBinding: nativeBinding() });
    try {
      db.pragma(`page_size = ${pageSize}`);
      db.pragma(`application_id = ${projectApplicationId}`);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      migrate(db, migrations);
      // Handed over in rollback mode like a closed project (see leaveWal), so it can be read anywhere.
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
    try {
      linkSync(temp, file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new AppError('VALIDATION', `${file}: already exists`);
      // File systems without hard links: no atomic no-clobber, a rename is the best we have.
      if (existsSync(file)) throw new AppError('VALIDATION', `${file}: already exists`);
      renameSync(temp, file);
    }
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(temp + suffix, { force: true });
  }
}

function asProjectError(file: string, err: unknown, readOnlyPlace: boolean): unknown {
  const code = String((err as { code?: unknown }).code);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AppError('NOT_A_PROJECT', `${file}: damaged or not a database (${(err as Error).message})`);
  }
  if (readOnlyPlace && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'))) {
    return new AppError(
      'READ_ONLY',
      `${file}: cannot be read where it is: it was left in write-ahead-log mode (another process has it open, or one stopped without closing it), and SQLite cannot make its -shm file in this read-only place; open it once where it can be written, or copy it with its -wal file to a writable folder`,
    );
  }
  return err;
}

const canWrite = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The last writer to close leaves the file in rollback-journal mode: with no -wal or -shm to
 * need, it can be read from a read-only folder or medium. While another connection has the file
 * open, it only folds in what of the log nobody needs, without waiting.
 */
export function leaveWal(db: Database.Database): void {
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('journal_mode = DELETE');
  } catch (err) {
    if (!isBusyError(err)) throw err;
    db.pragma('wal_checkpoint(PASSIVE)');
  }
}

export function openDatabase(file: string, options: OpenDatabaseOptions): Database.Database {
  const latest = options.migrations.length;
  if (!existsSync(file)) {
    if (!options.create || options.readonly) throw new AppError('NOT_FOUND', `${file}: no such project file`);
    createProjectFile(file, options.migrations);
  }
  const header = readSqliteHeader(file);
  if (!header) throw new AppError('NOT_A_PROJECT', `${file}: not an AMR Studio project (not a SQLite database)`);
  refuseForeign(file, header, latest);

  // A reader that could write opens read-write but query-only: the last connection to close
  // removes any -wal and -shm, where a read-only connection would leave them behind.
  const readOnlyPlace = (options.readonly ?? false) && !(canWrite(file) && canWrite(dirname(file)));
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, readonly: readOnlyPlace, nativeBinding: nativeBinding() });
  } catch (err) {
    throw asProjectError(file, err, readOnlyPlace);
  }
  try {
    if (options.readonly) db.pragma('query_only = ON');
    // Functions with side effects and virtual tables stay out of the file's own schema.
    db.pragma('trusted_schema = OFF');
    // The header on disk can lag behind a WAL left by a crash; the connection sees the truth.
    // Reading the schema also makes SQLite check the first page.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    const userVersion = db.pragma('user_version', { simple: true }) as number;
    refuseForeign(file, { applicationId: db.pragma('application_id', { simple: true }) as number, userVersion }, latest);
    verifySchema(db, file, options.migrations, userVersion, nativeBinding());
    setBusyPatience(db, options.busyWaitMs ?? defaultBusyPatienceMs);
    registerSeededRank(db);
    if (options.readonly) {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version < latest) {
        throw new AppError('PROJECT_VERSION', `${file}: schema version ${version} needs upgrading to ${latest}; open it for writing once`);
      }
    } else {
      db.pragma('journal_mode = WAL');
      db.pragma(`wal_autocheckpoint = ${walAutocheckpointPages}`);
      db.pragma(`journal_size_limit = ${walSizeLimitBytes}`);
      // NORMAL in WAL mode: a crash of the app loses nothing committed; only power loss can drop the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, options.migrations);
      // (files made with fewer steps, in tests, have nothing staged)
      if (options.migrations.includes(datasetStaging)) removeAbandonedWrites(db);
    }
    return db;
  } catch (err) {
    db.close();
    throw asProjectError(file, err, readOnlyPlace);
  }
}
