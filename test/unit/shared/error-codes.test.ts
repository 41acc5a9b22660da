// Lock, read-only and permission failures reach the user with a code and a sentence of their own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toErrorData } from '../../../src/shared/errors.ts';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('error codes for system and SQLite failures', () => {
  it('a locked database is PROJECT_BUSY, a read-only one READ_ONLY, a denied write READ_ONLY naming the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amr-codes-'));
    try {
      const file = join(dir, 'p.db');
      const a = new Database(file);
      a.exec('CREATE TABLE t (x)');
      const b = new Database(file, { timeout: 0 });
      a.exec('BEGIN IMMEDIATE');
      const busy = toErrorData(thrown(() => b.exec('BEGIN IMMEDIATE')));
      expect(busy.code).toBe('PROJECT_BUSY');
      expect(busy.message).toMatch(/^the project is busy: another process is writing to it/);
      a.exec('ROLLBACK');
      const ro = new Database(file, { readonly: true });
      const readOnly = toErrorData(thrown(() => ro.exec('INSERT INTO t VALUES (1)')));
      expect(readOnly.code).toBe('READ_ONLY');
      for (const db of [a, b, ro]) db.close();
      const denied = Object.assign(new Error("EACCES: permission denied, open '/proc/1/mem'"), { code: 'EACCES', path: '/proc/1/mem' });
      expect(toErrorData(denied)).toEqual({ code: 'READ_ONLY', message: "/proc/1/mem: permission denied; choose a place you may write to (EACCES: permission denied, open '/proc/1/mem')" });
      expect(toErrorData(new Error('something else')).code).toBe('INTERNAL');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
