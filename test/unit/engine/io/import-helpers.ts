// Steps every importer test repeats: an import into memory, and catching the AppError a bad
// file must raise.
import { AppError } from '../../../../src/shared/errors.ts';
import type { ImportProgress, Importer } from '../../../../src/main/engine/io/importer.ts';
import { CollectingWriter } from './collecting-writer.ts';

/** Inspect then run one importer into a CollectingWriter sized by the plan. */
export async function importInto(
  importer: Importer,
  path: string,
  options: Record<string, unknown> = {},
  onProgress?: (p: ImportProgress) => void,
) {
  const plan = await importer.inspect(path, { options });
  const writer = new CollectingWriter(plan.length);
  const report = await importer.run(path, writer, { options, onProgress });
  return { plan, writer, report };
}

/** The AppError that p rejects with; any other outcome fails the test. */
export async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the promise to reject with an AppError');
}
