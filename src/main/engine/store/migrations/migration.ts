import type { Database } from 'better-sqlite3';

/** One forward-only schema step; `up` runs inside the runner's transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
  /**
   * The step drops and recreates a table others reference: it runs with foreign keys off (or the
   * drop would cascade into the children), and the references are checked before it commits.
   */
  rebuildsTables?: boolean;
}
