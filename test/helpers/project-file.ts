// Reads a project file through a read-only SQLite connection of its own: what another process
// would find on disk (committed data, WAL included), never what a store holds uncommitted.
import Database from 'better-sqlite3';

export function readProjectFile<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
