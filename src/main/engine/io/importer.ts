// The shape every importer implements, plus the small helpers they all share
// (cancellation, progress, file naming in errors).
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import type { DatasetWriter } from '../store/types.ts';

export interface ImportProgress {
  phase: string;
  done: number;
  total: number;
}

export interface ImportRunOptions {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** format-specific options; each importer validates its own */
  options?: Record<string, unknown>;
  /**
   * Blind SNR estimate (dB) of one [2][L] window, for formats that record no SNR (SigMF): given
   * by the caller, because importers stand beside signal processing, not on it.
   */
  estimateSnrDb?: (window: Float32Array) => number;
}

/** What an importer learns about a file before anything is written: enough to open the dataset. */
export interface ImportPlan {
  /** samples per channel row of every stored sample */
  length: number;
  /** detected facts and the validated options, stored with the dataset */
  params: Record<string, unknown>;
}

export interface ImportReport {
  samples: number;
  warnings: string[];
}

/** An importer's options by their schema names (camelCase): a value, or a yes/no switch. */
export type ImporterOptionKinds = Readonly<Record<string, 'value' | 'switch'>>;

export interface Importer {
  id: string;
  label: string;
  /** every option inspect/run accept (the command line offers them as --kebab-case) */
  options: ImporterOptionKinds;
  /** lower-case extensions including the dot, e.g. ['.hdf5', '.h5'] */
  extensions: string[];
  /** true when the file looks like this format; head = the first bytes of the file (up to 4 KiB) */
  detect(path: string, head: Buffer): boolean;
  /** validate headers, shapes and options without writing anything */
  inspect(path: string, opts: ImportRunOptions): Promise<ImportPlan>;
  /** stream the samples into writer; never commits or aborts it (the caller owns the transaction) */
  run(path: string, writer: DatasetWriter, opts: ImportRunOptions): Promise<ImportReport>;
  /** every file whose bytes make up this import, in a fixed order (default: [path]); all are hashed */
  sourceFiles?(path: string): string[];
}

/** How a file is named in error messages: the path as the user gave it. */
export function fileLabel(path: string): string {
  return path;
}

export function throwIfAborted(signal: AbortSignal | undefined, path: string): void {
  if (signal?.aborted) throw new AppError('CANCELLED', `${fileLabel(path)}: import cancelled`);
}

/** Parse an importer's options with its zod schema, turning failures into a readable VALIDATION error. */
export function parseOptions<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  path: string,
  raw: Record<string, unknown> | undefined,
): T {
  const r = schema.safeParse(raw ?? {});
  if (r.success) return r.data;
  const why = r.error.issues.map((i) => `${i.path.map(String).join('.') || 'options'}: ${i.message}`).join('; ');
  throw new AppError('VALIDATION', `${fileLabel(path)}: invalid import options (${why})`);
}

/** A boolean option that also accepts the words a command line gives ('true', 'false', '1', '0', 'yes', 'no'). */
export const booleanOption = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes'),
]);

/** The option kinds of an importer's options schema: booleanOption fields are switches. */
export function optionKinds(schema: z.ZodObject): ImporterOptionKinds {
  const kinds: Record<string, 'value' | 'switch'> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    let inner = field as z.ZodType;
    while (inner.def.type === 'default' || inner.def.type === 'optional') inner = (inner.def as unknown as { innerType: z.ZodType }).innerType;
    kinds[name] = inner === booleanOption ? 'switch' : 'value';
  }
  return kinds;
}

/** Yield to the event loop so that progress listeners and abort signals get a chance to run. */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
