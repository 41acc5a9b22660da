// Version 6: a dataset is written in many short transactions, so a long import never holds the
// project's write lock for long. Until its last short commit flips it to 'ready', its row says
// 'writing' and names the process writing it: nothing lists it, and the next open of the
// project removes the rows of a writer that died.
import type { Migration } from './migration.ts';

export const migration: Migration = {
  version: 6,
  name: 'dataset staging',
  up(db) {
    db.exec(`
ALTER TABLE datasets ADD COLUMN state TEXT NOT NULL DEFAULT 'ready' CHECK (state IN ('writing', 'ready'));
ALTER TABLE datasets ADD COLUMN writer_process TEXT CHECK (writer_process IS NULL OR json_valid(writer_process));
CREATE INDEX datasets_being_written ON datasets (id) WHERE state = 'writing';`);
  },
};
