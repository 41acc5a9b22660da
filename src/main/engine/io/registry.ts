// The importer registry (one importer per format, found by magic bytes or extension) and
// importFile: validate the path, hash the bytes, recognise a repeated import (by its bytes before
// decoding, by its decoded samples after), then run the importer into a dataset that appears
// whole, at its commit, or not at all.
import { access, constants, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { hashFiles } from '../base/file-hash.ts';
import type { ProjectStore } from '../store/project.ts';
import type { DatasetInfo } from '../store/types.ts';
import { readHead } from './byte-source.ts';
import { rml2018Importer } from './hdf5-rml2018.ts';
import { throwIfAborted, type ImportProgress, type Importer } from './importer.ts';
import { numpyImporter } from './numpy.ts';
import { rawIqImporter } from './raw-iq.ts';
import { rmlPickleImporter } from './rml-pickle.ts';
import { sigmfImporter } from './sigmf.ts';

export type { ImportPlan, ImportProgress, ImportReport, ImportRunOptions, Importer } from './importer.ts';

// Order matters for detection: formats recognised by magic bytes come before the
// extension-only raw I/Q importer.
const importers: Importer[] = [rml2018Importer, sigmfImporter, numpyImporter, rmlPickleImporter, rawIqImporter];

/** Add an importer (e.g. from another module); its id must be new. */
export function registerImporter(importer: Importer): void {
  if (importers.some((i) => i.id === importer.id)) throw new AppError('INTERNAL', `importer '${importer.id}' is already registered`);
  // Before raw I/Q, which claims files by extension alone.
  importers.splice(importers.indexOf(rawIqImporter), 0, importer);
}

export function listImporters(): readonly Importer[] {
  return importers;
}

export function getImporter(id: string): Importer {
  const found = importers.find((i) => i.id === id);
  if (!found) throw new AppError('VALIDATION', `unknown import format '${id}'; known formats: ${importers.map((i) => i.id).join(', ')}`);
  return found;
}

const headBytes = 4096;

/** Check that path is a readable, non-empty file; throws BAD_FILE naming it otherwise. */
export async function checkSourceFile(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new AppError('BAD_FILE', `${path}: no such file`);
  }
  if (info.isDirectory()) throw new AppError('BAD_FILE', `${path}: is a directory, expected a data file`);
  if (!info.isFile()) throw new AppError('BAD_FILE', `${path}: is not a regular file`);
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new AppError('BAD_FILE', `${path}: cannot be read (permission denied)`);
  }
  if (info.size === 0) throw new AppError('BAD_FILE', `${path}: is empty (0 bytes)`);
  return info.size;
}

/** The importer for a file, from its first bytes and its extension. */
export async function detectFormat(path: string): Promise<Importer> {
  await checkSourceFile(path);
  const head = await readHead(path, headBytes);
  const found = importers.find((i) => i.detect(path, head));
  if (!found) {
    const ext = extname(path) || '(none)';
    throw new AppError(
      'BAD_FILE',
      `${path}: unrecognised format (extension ${ext}, first bytes ${head.subarray(0, 8).toString('hex')}); ` +
        `known formats: ${importers.map((i) => `${i.id} [${i.extensions.join(' ')}]`).join(', ')}`,
    );
  }
  return found;
}

/** sha256 (hex) of the files' bytes in order, streamed. */
export interface ImportFileOptions {
  /** importer id; detected from the file when absent */
  format?: string;
  /** dataset name; defaults to the file name without extension */
  name?: string;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** format-specific options, validated by the importer */
  options?: Record<string, unknown>;
  /** see ImportRunOptions.estimateSnrDb */
  estimateSnrDb?: (window: Float32Array) => number;
  /**
   * What to do when the project already holds a dataset imported from the same bytes with the
   * same format and options: 'reuse' (default) returns it, 'error' refuses with VALIDATION.
   */
  onDuplicate?: 'reuse' | 'error';
}

export interface ImportFileResult {
  dataset: DatasetInfo;
  seconds: number;
  /** true when an earlier import of the same bytes was returned instead of importing again */
  reused: boolean;
  warnings: string[];
}

export type ImportTarget = Pick<ProjectStore, 'beginDataset' | 'listDatasets'>;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The file name without the importer's extension (longest match, so 'a.tar.bz2' gives 'a'). */
function defaultName(path: string, importer: Importer): string {
  const name = basename(path);
  const ext = [...importer.extensions]
    .sort((a, b) => b.length - a.length)
    .find((e) => name.toLowerCase().endsWith(e) && name.length > e.length);
  return ext ? name.slice(0, -ext.length) : name.replace(/\.[^.]+$/, '');
}

export async function importFile(store: ImportTarget, path: string, opts: ImportFileOptions = {}): Promise<ImportFileResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  await checkSourceFile(path);
  const importer = opts.format ? getImporter(opts.format) : await detectFormat(path);
  const run = { signal: opts.signal, onProgress: opts.onProgress, options: opts.options, estimateSnrDb: opts.estimateSnrDb };

  // Everything is validated before the first write.
  const plan = await importer.inspect(path, run);
  const files = importer.sourceFiles?.(path) ?? [path];
  for (const f of files) await checkSourceFile(f);
  let total = 0;
  for (const f of files) total += (await stat(f)).size;
  const sourceHash = await hashFiles(files, opts.signal, (done) => opts.onProgress?.({ phase: 'hashing', done, total }));

  const earlierImport = (): DatasetInfo | undefined => {
    const existing = store
      .listDatasets()
      .find((d) => d.sourceHash === sourceHash && d.format === importer.id && sameJson(d.params.options, plan.params.options));
    if (existing && opts.onDuplicate === 'error') {
      throw new AppError('VALIDATION', `${path}: already imported as dataset ${existing.id} ("${existing.name}") with the same options`);
    }
    return existing;
  };
  // Checked before the work, and again in the transaction that would publish the dataset:
  // another process may have imported the same bytes in between.
  const before = earlierImport();
  if (before) return { dataset: before, seconds: seconds(), reused: true, warnings: [] };

  throwIfAborted(opts.signal, path);
  const writer = store.beginDataset({
    name: opts.name ?? defaultName(path, importer),
    kind: 'imported',
    format: importer.id,
    sourcePath: resolve(path),
    sourceHash,
    length: plan.length,
    params: plan.params,
  });
  try {
    const report = await importer.run(path, writer, run);
    throwIfAborted(opts.signal, path);
    if (writer.count === 0) {
      throw new AppError('BAD_FILE', `${path}: nothing to import${report.warnings.length ? ` (${report.warnings.join('; ')})` : ''}`);
    }
    let twinNote: string | undefined;
    const dataset = writer.commit({
      unlessPresent: () => {
        const raced = earlierImport();
        if (raced) return raced;
        // Other bytes can hold the same samples: a pickle re-saved with another protocol, say.
        const twin = writer.contentHash === undefined ? undefined : store.listDatasets().find((d) => d.contentHash === writer.contentHash);
        if (!twin) return undefined;
        const what = `the same decoded samples as dataset ${twin.id} ("${twin.name}"${twin.sourcePath ? `, from ${twin.sourcePath}` : ''})`;
        if (opts.onDuplicate === 'error') throw new AppError('VALIDATION', `${path}: holds ${what}`);
        twinNote = `${path}: holds ${what}; that dataset is used`;
        return twin;
      },
    });
    if (dataset.id !== writer.datasetId) return { dataset, seconds: seconds(), reused: true, warnings: twinNote ? [twinNote] : [] };
    return { dataset, seconds: seconds(), reused: false, warnings: report.warnings };
  } catch (err) {
    writer.abort();
    throw err;
  }
}
