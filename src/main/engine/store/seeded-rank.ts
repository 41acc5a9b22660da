// A SQL function giving each sample a pseudo-random rank under a seed, so a query can take a
// seeded subset ("at most N per class × SNR") in one statement that every reader agrees on.
import type { Database } from 'better-sqlite3';
import { deriveSeed } from '../base/random.ts';

export const seededRankFunction = 'amr_seeded_rank';

/** Registers amr_seeded_rank(sampleId, seed) on a connection. */
export function registerSeededRank(db: Database): void {
  db.function(seededRankFunction, { deterministic: true }, (id: unknown, seed: unknown) => deriveSeed(Number(seed), Number(id)));
}
