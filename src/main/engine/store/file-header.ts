// Reads the 100-byte SQLite header without opening the file as a database, so files we refuse
// are never touched (opening one would create journals or change its journal mode).
import { closeSync, openSync, readSync } from 'node:fs';

const sqliteMagic = 'SQLite format 3\0';

export interface SqliteHeader {
  applicationId: number;
  userVersion: number;
}

/** The header fields we check, or null when the file does not start like a SQLite database. */
export function readSqliteHeader(file: string): SqliteHeader | null {
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || header.toString('latin1', 0, 16) !== sqliteMagic) return null;
  return { userVersion: header.readUInt32BE(60), applicationId: header.readUInt32BE(68) };
}
