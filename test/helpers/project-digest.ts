// A digest of every row of every table of a project file, read from disk: equal digests mean
// nothing in the project changed.
import { createHash } from 'node:crypto';
import { readProjectFile } from './project-file.ts';

export function projectDigest(path: string): string {
  return readProjectFile(path, (db) => {
    const hash = createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    for (const table of tables) {
      hash.update(`table ${table}\n`);
      for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).raw().all() as unknown[][]) {
        hash.update(JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v))) + '\n');
      }
    }
    return hash.digest('hex');
  });
}
