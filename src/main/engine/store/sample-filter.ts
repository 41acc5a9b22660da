// Turns a SampleFilter into a parameterised WHERE clause over `samples s`.
import { AppError } from '../../../shared/errors.ts';
import { seededRankFunction } from './seeded-rank.ts';
import type { SampleFilter, Split } from './types.ts';

export const splits: readonly Split[] = ['train', 'val', 'test', 'unassigned'];

export interface SqlClause {
  sql: string;
  params: (number | string)[];
}

/** The filter's conditions on the samples table under `alias`, without the per-cell cap. */
function conditions(filter: SampleFilter, alias: string): SqlClause {
  const parts = [`${alias}.dataset_id = ?`];
  const params: (number | string)[] = [filter.datasetId];
  if (filter.classes !== undefined) {
    if (!filter.classes.every((c) => Number.isInteger(c))) {
      throw new AppError('VALIDATION', `sample filter: classes must be integer class indexes, found [${filter.classes.join(', ')}]`);
    }
    // An empty list selects nothing; `IN ()` is not valid SQL.
    parts.push(filter.classes.length ? `${alias}.class_idx IN (${filter.classes.map(() => '?').join(', ')})` : '0');
    params.push(...filter.classes);
  }
  if (filter.snrMin !== undefined) {
    parts.push(`${alias}.snr >= ?`);
    params.push(filter.snrMin);
  }
  if (filter.snrMax !== undefined) {
    parts.push(`${alias}.snr <= ?`);
    params.push(filter.snrMax);
  }
  if (filter.split !== undefined) {
    if (!splits.includes(filter.split)) {
      throw new AppError('VALIDATION', `sample filter: split must be one of ${splits.join(', ')}, found "${filter.split}"`);
    }
    parts.push(`${alias}.split = ?`);
    params.push(filter.split);
  }
  if (filter.annotationLabel !== undefined) {
    parts.push(`${alias}.annotation_id IN (SELECT id FROM annotations WHERE dataset_id = ? AND label = ?)`);
    params.push(filter.datasetId, filter.annotationLabel);
  }
  return { sql: parts.join(' AND '), params };
}

export function filterClause(filter: SampleFilter): SqlClause {
  const where = conditions(filter, 's');
  const cap = filter.perCell;
  if (cap === undefined) return where;
  if (!Number.isInteger(cap.max) || cap.max < 1) throw new AppError('VALIDATION', `sample filter: per-cell maximum must be a positive integer, found ${cap.max}`);
  if (!Number.isInteger(cap.seed)) throw new AppError('VALIDATION', `sample filter: per-cell seed must be an integer, found ${cap.seed}`);
  // rank each class × SNR cell of the selection in a seeded order (ties, impossible in practice, by id) and keep the first max
  const inner = conditions(filter, 'c');
  return {
    sql: `${where.sql} AND s.id IN (SELECT id FROM (SELECT c.id, ROW_NUMBER() OVER (PARTITION BY c.class_idx, c.snr ORDER BY ${seededRankFunction}(c.id, ?), c.id) AS rank FROM samples c WHERE ${inner.sql}) WHERE rank <= ?)`,
    params: [...where.params, cap.seed, ...inner.params, cap.max],
  };
}
