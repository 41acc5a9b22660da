// Seeded train/val/test assignment, stratified by class × SNR, stored with the dataset.
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import { getDataset } from './datasets.ts';
import { createRng } from '../base/random.ts';
import type { SplitConfig } from './types.ts';

export interface SplitCounts {
  train: number;
  val: number;
  test: number;
}

function validate(config: SplitConfig): void {
  const fractions = [config.train, config.val, config.test];
  const sum = fractions.reduce((a, b) => a + b, 0);
  if (fractions.some((f) => !Number.isFinite(f) || f < 0) || Math.abs(sum - 1) > 1e-6) {
    throw new AppError('VALIDATION', `split fractions must be ≥ 0 and sum to 1, found train ${config.train}, val ${config.val}, test ${config.test}`);
  }
  if (!Number.isInteger(config.seed)) throw new AppError('VALIDATION', `split seed must be an integer, found ${config.seed}`);
}

/**
 * Within each (class, SNR) group, taken in a fixed order, the sample ids are shuffled with one
 * seeded generator and cut by the fractions, so every group keeps the same proportions.
 */
export function assignSplits(db: Database, datasetId: number, config: SplitConfig): SplitCounts {
  validate(config);
  return db.transaction(() => {
    getDataset(db, datasetId);
    const rows = db
      .prepare('SELECT id, class_idx, snr FROM samples WHERE dataset_id = ? ORDER BY class_idx, snr, idx')
      .raw()
      .all(datasetId) as [number, number, number | null][];
    const rng = createRng(config.seed);
    const update = db.prepare('UPDATE samples SET split = ? WHERE id = ?');
    const counts: SplitCounts = { train: 0, val: 0, test: 0 };
    for (let start = 0; start < rows.length; ) {
      let end = start + 1;
      while (end < rows.length && rows[end]![1] === rows[start]![1] && rows[end]![2] === rows[start]![2]) end++;
      const ids = rng.shuffle(Int32Array.from(rows.slice(start, end), (r) => r[0]));
      const n = ids.length;
      const nTrain = Math.round(n * config.train);
      const nVal = Math.min(n - nTrain, Math.round(n * config.val));
      ids.forEach((id, k) => {
        const split = k < nTrain ? 'train' : k < nTrain + nVal ? 'val' : 'test';
        counts[split]++;
        update.run(split, id);
      });
      start = end;
    }
    db.prepare('UPDATE datasets SET split_config = ? WHERE id = ?').run(JSON.stringify(config), datasetId);
    return counts;
  })();
}
