// A task's receipt (results/task-I.json): written last, after its result file, so a receipt
// on disk means the result is complete. It names the bundle the task ran from (id and manifest
// hash) and the result file's SHA-256, which collect checks before merging anything.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { resultsDir } from './manifest.ts';

export const receiptFormat = 'amr-studio-task-result';
export const receiptFormatVersion = 1;

const receiptSchema = z.object({
  format: z.literal(receiptFormat),
  version: z.number().int().positive(),
  bundleId: z.string(),
  manifestSha256: z.string(),
  task: z.number().int().nonnegative(),
  status: z.enum(['done', 'failed', 'cancelled']),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** the task's job row in the result file */
  jobId: z.number().int().positive(),
  resultSha256: z.string().regex(/^[0-9a-f]{64}$/),
  host: z.string(),
  backend: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
});

export type TaskReceipt = z.infer<typeof receiptSchema>;

export function taskPaths(bundleDir: string, task: number): { result: string; receipt: string } {
  return { result: join(bundleDir, resultsDir, `task-${task}.amrresult`), receipt: join(bundleDir, resultsDir, `task-${task}.json`) };
}

/** Written under a temporary name and renamed, so a reader never sees half a receipt. */
export function writeReceipt(path: string, receipt: TaskReceipt): void {
  const temp = `${path}.partial`;
  writeFileSync(temp, JSON.stringify(receipt, null, 2) + '\n');
  renameSync(temp, path);
}

/** The receipt at `path`, or undefined when the task has written none (yet). */
export function readReceipt(path: string): TaskReceipt | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AppError('BAD_FILE', `${path}: not JSON (${(err as Error).message})`);
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > receiptFormatVersion) {
    throw new AppError('UNSUPPORTED', `${path}: written by a newer AMR Studio (task result format ${version}, this version reads up to ${receiptFormatVersion})`);
  }
  const parsed = receiptSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('BAD_FILE', `${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'receipt'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
