// A job bundle's manifest (manifest.json): what the bundle holds, which tasks it runs, and
// which version of the bundle format wrote it. A bundle is a folder:
//   manifest.json            this file
//   data.amrproj             a project file holding only the datasets and models the tasks read
//   results/task-I.amrresult each task's own result file (a project file of what it produced)
//   results/task-I.json      the task's receipt: its outcome and the result file's SHA-256
//   logs/task-I.out          the scheduler's log of the task
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';

export const bundleFormat = 'amr-studio-bundle';
/** The newest bundle format this version reads and the one it writes. */
export const bundleFormatVersion = 1;

export const manifestFile = 'manifest.json';
export const dataFile = 'data.amrproj';
export const resultsDir = 'results';
export const logsDir = 'logs';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256');
const ids = z.array(z.number().int().nonnegative());

const bundleTaskSchema = z.object({
  /** the job kind the task runs (jobs/kinds) */
  kind: z.string().min(1),
  config: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
});

/** A dataset the tasks read from a project file on the cluster's own file system. */
const referencedDatasetSchema = z.object({
  id: z.number().int().nonnegative(),
  /** content hash (dataset-content-hash.ts) the referenced copy must have */
  contentSha256: sha256,
  count: z.number().int().nonnegative(),
});

export const manifestSchema = z.object({
  format: z.literal(bundleFormat),
  version: z.number().int().positive(),
  bundleId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a UUID'),
  /** what the bundle runs: a bundle kind (bundle/kinds) */
  kind: z.string().min(1),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  /** project schema version of data.amrproj; results are written in the same */
  schemaVersion: z.number().int().positive(),
  /** compute backend the tasks must use; the best available when absent */
  backend: z.string().optional(),
  data: z.object({
    file: z.literal(dataFile),
    sha256,
    /** datasets not in data.amrproj but in a project file at this path on the cluster */
    reference: z.object({ path: z.string().min(1), datasets: z.array(referencedDatasetSchema).min(1) }).optional(),
  }),
  /** the project's rows the tasks read, under the same ids in the bundle */
  inputs: z.object({ datasets: ids, models: ids }),
  tasks: z.array(bundleTaskSchema).min(1),
});

export type BundleManifest = z.infer<typeof manifestSchema>;
export type BundleTask = z.infer<typeof bundleTaskSchema>;

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface ReadManifest {
  manifest: BundleManifest;
  /** SHA-256 of manifest.json's bytes: what results and the project name the bundle by */
  sha256: string;
}

/** Reads and checks a bundle's manifest; a bundle from a newer format version is refused. */
export function readManifest(bundleDir: string): ReadManifest {
  const file = join(bundleDir, manifestFile);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new AppError('NOT_FOUND', `${file}: cannot read the bundle's manifest (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new AppError('BAD_FILE', `${file}: not JSON (${(err as Error).message})`);
  }
  const head = z.object({ format: z.literal(bundleFormat), version: z.number().int().positive() }).safeParse(raw);
  if (!head.success) throw new AppError('BAD_FILE', `${file}: not an AMR Studio job bundle manifest (expected format "${bundleFormat}" and a version number)`);
  if (head.data.version > bundleFormatVersion) {
    throw new AppError('UNSUPPORTED', `${file}: written by a newer AMR Studio (bundle format ${head.data.version}, this version reads up to ${bundleFormatVersion}); update AMR Studio on this machine`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('BAD_FILE', `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'manifest'}: ${i.message}`).join('; ')}`);
  }
  return { manifest: parsed.data, sha256: sha256Hex(bytes) };
}
