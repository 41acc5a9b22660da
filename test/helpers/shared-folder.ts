// The shared folder of reference scripts and fixtures sits beside the repository (../shared);
// tests and benchmarks that use it skip, saying why, where it is missing.
import { join, resolve } from 'node:path';

const sharedDir = resolve(import.meta.dirname, '../../../shared');

export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}
