import { AppError } from '../../../shared/errors.ts';

/** Parses a JSON column; a failure means the project file was edited by hand or damaged. */
export function parseJsonColumn<T>(text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new AppError('BAD_FILE', `${where}: stored JSON is damaged (${(err as Error).message})`);
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
