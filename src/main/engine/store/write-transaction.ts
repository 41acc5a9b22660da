// Every write to a project takes the write lock at its start (BEGIN IMMEDIATE) and, while another
// process holds it, waits: SQLite's busy timeout first, then retries with growing pauses. A
// deferred transaction that read first could not wait at all (SQLite refuses its upgrade at
// once when another writer committed in between). Only after the project's patience is spent
// does the user get PROJECT_BUSY, with a sentence naming the project.
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';

/** How long a write waits for the lock by default before giving up. */
export const defaultBusyPatienceMs = 30_000;

const patienceOf = new WeakMap<Database, number>();

/** Sets how long writes on this connection wait for the lock (SQLite's busy timeout included). */
export function setBusyPatience(db: Database, ms: number): void {
  patienceOf.set(db, ms);
  db.pragma(`busy_timeout = ${Math.round(ms)}`);
}

export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export function projectBusyError(file: string, waitedMs: number): AppError {
  return new AppError(
    'PROJECT_BUSY',
    `${file}: the project is busy: another process has been writing to it for the last ${(waitedMs / 1000).toFixed(1)} s; try again when it has finished`,
  );
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** The store's API is synchronous, and so is SQLite's own busy wait: this pause blocks too. */
const pause = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms);

/** Runs attempt until it stops failing with SQLITE_BUSY, pausing 10 ms, 20 ms, … up to 1 s between tries. */
export function retryWhileBusy<T>(db: Database, attempt: () => T, patienceMs = patienceOf.get(db) ?? defaultBusyPatienceMs): T {
  const started = performance.now();
  for (let wait = 10; ; wait = Math.min(2 * wait, 1000)) {
    try {
      return attempt();
    } catch (err) {
      if (!isBusyError(err)) throw err;
      const waited = performance.now() - started;
      if (waited >= patienceMs) throw projectBusyError(db.name, waited);
      pause(Math.min(wait, patienceMs - waited));
    }
  }
}

/** Takes the write lock, waiting for it as described above. */
export function beginImmediate(db: Database, patienceMs?: number): void {
  retryWhileBusy(db, () => db.exec('BEGIN IMMEDIATE'), patienceMs);
}

/**
 * Runs fn in one write transaction that holds the lock from its first statement. Inside another
 * transaction it nests (a savepoint) and cannot wait: the outer one already holds the lock.
 */
export function writeTransaction<T>(db: Database, fn: () => T, patienceMs?: number): T {
  if (db.inTransaction) return db.transaction(fn)();
  beginImmediate(db, patienceMs);
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
