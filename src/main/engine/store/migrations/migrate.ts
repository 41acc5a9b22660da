import type { Database } from 'better-sqlite3';
import { AppError } from '../../../../shared/errors.ts';
import type { Migration } from './migration.ts';

/**
 * Brings the schema from its current user_version to the last migration. Each step runs in its
 * own transaction together with the user_version bump, so a crash leaves a consistent version.
 */
export function migrate(db: Database, steps: readonly Migration[]): { from: number; to: number } {
  steps.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new AppError('INTERNAL', `migration list out of order: position ${i + 1} holds version ${m.version}`);
    }
  });
  const from = db.pragma('user_version', { simple: true }) as number;
  for (const step of steps.slice(from)) {
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    })();
  }
  return { from, to: Math.max(from, steps.length) };
}
