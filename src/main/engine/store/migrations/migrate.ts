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
    // foreign_keys cannot change inside a transaction: switch it around the step
    const keysWereOn = step.rebuildsTables === true && db.pragma('foreign_keys', { simple: true }) === 1;
    if (keysWereOn) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        step.up(db);
        if (step.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new AppError('INTERNAL', `migration ${step.version} (${step.name}) left ${broken.length} broken references`);
        }
        db.pragma(`user_version = ${step.version}`);
      })();
    } finally {
      if (keysWereOn) db.pragma('foreign_keys = ON');
    }
  }
  return { from, to: Math.max(from, steps.length) };
}
