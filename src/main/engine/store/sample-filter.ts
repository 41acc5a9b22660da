// Turns a SampleFilter into a parameterised WHERE clause over `samples s`.
import { AppError } from '../../../shared/errors.ts';
import type { SampleFilter, Split } from './types.ts';

const splits: readonly Split[] = ['train', 'val', 'test', 'unassigned'];

export interface SqlClause {
  sql: string;
  params: (number | string)[];
}

export function filterClause(filter: SampleFilter): SqlClause {
  const parts = ['s.dataset_id = ?'];
  const params: (number | string)[] = [filter.datasetId];
  if (filter.classes !== undefined) {
    if (!filter.classes.every((c) => Number.isInteger(c))) {
      throw new AppError('VALIDATION', `sample filter: classes must be integer class indexes, found [${filter.classes.join(', ')}]`);
    }
    // An empty list selects nothing; `IN ()` is not valid SQL.
    parts.push(filter.classes.length ? `s.class_idx IN (${filter.classes.map(() => '?').join(', ')})` : '0');
    params.push(...filter.classes);
  }
  if (filter.snrMin !== undefined) {
    parts.push('s.snr >= ?');
    params.push(filter.snrMin);
  }
  if (filter.snrMax !== undefined) {
    parts.push('s.snr <= ?');
    params.push(filter.snrMax);
  }
  if (filter.split !== undefined) {
    if (!splits.includes(filter.split)) {
      throw new AppError('VALIDATION', `sample filter: split must be one of ${splits.join(', ')}, found "${filter.split}"`);
    }
    parts.push('s.split = ?');
    params.push(filter.split);
  }
  if (filter.annotationLabel !== undefined) {
    parts.push('s.annotation_id IN (SELECT id FROM annotations WHERE dataset_id = ? AND label = ?)');
    params.push(filter.datasetId, filter.annotationLabel);
  }
  return { sql: parts.join(' AND '), params };
}
