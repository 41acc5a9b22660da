// RadioML 2016 pickles (RML2016.10a / 10b / 04c, in any pickle protocol, plain or .tar.bz2):
// a dict {(modulation, snr): float32 array (N, 2, 128)} streamed key by key into the store.
import { stat } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.ts';
import type { DatasetWriter, SampleMeta } from '../store/types.ts';
import { throwIfAborted, type Importer, type ImportPlan, type ImportReport, type ImportRunOptions } from './importer.ts';
import { float32CArray, NdArray } from './pickle/numpy.ts';
import { isBzip2, openPickleSource } from './pickle/source.ts';
import { Unpickler } from './pickle/unpickler.ts';
import { asText, describe, PyDict, PyTuple } from './pickle/values.ts';
import { parseOnThread } from './rml-parse-thread.ts';

/** Samples per row in every RML2016 variant. */
export const RML2016_LENGTH = 128;

export type RmlVariant = 'RML2016.10a' | 'RML2016.10b' | 'RML2016.04c' | 'unknown';

export interface RmlKey {
  modulation: string;
  snr: number;
  count: number;
}

export interface RmlPickleSummary {
  variant: RmlVariant;
  protocol: number;
  vectors: number;
  /** the dict's keys in file order, with the number of vectors under each */
  keys: RmlKey[];
  /** modulation names in order of first appearance */
  classes: string[];
  /** SNRs present, ascending (dB) */
  snrs: number[];
  /** archive member holding the pickle, null for a plain file */
  member: string | null;
}

export interface RmlImportProgress {
  bytes: number;
  totalBytes: number;
  vectors: number;
}

export interface RmlImportOptions {
  signal?: AbortSignal;
  onProgress?: (p: RmlImportProgress) => void;
  /** files from this size on (bytes on disk) parse on a thread of their own; default 32 MB */
  parseThreadFromBytes?: number;
}

/** Files from this size on parse on a thread of their own: below it, starting the thread costs more than it saves. */
const parseThreadFromBytes = 32 << 20;

/**
 * Stream every (modulation, snr) array of the pickle into writer, in file order; a large file is
 * parsed on a thread of its own while this one stores. Never commits or aborts the writer: on
 * any error the caller aborts, and nothing is kept.
 */
export async function importRmlPickle(path: string, writer: DatasetWriter, opts: RmlImportOptions = {}): Promise<RmlPickleSummary> {
  const size = await stat(path).then((s) => s.size, () => 0);
  let vectors = 0;
  const store = (modulation: string, snr: number, values: Float32Array): void => {
    vectors += storeArray(writer, modulation, snr, values, vectors);
  };
  if (size < (opts.parseThreadFromBytes ?? parseThreadFromBytes)) return parseRmlPickle(path, store, opts);
  const report = opts.onProgress;
  return parseOnThread<RmlPickleSummary>(path, store, { signal: opts.signal, onProgress: report && ((p) => report({ ...p, vectors })) });
}

/** Appends one key's vectors, numbered in the file from firstOffset; returns how many. */
function storeArray(writer: DatasetWriter, modulation: string, snr: number, values: Float32Array, firstOffset: number): number {
  const n = values.length / (2 * RML2016_LENGTH);
  const classIndex = writer.classIndex(modulation);
  const meta: SampleMeta[] = new Array(n);
  for (let i = 0; i < n; i++) meta[i] = { classIndex, snr, sourceOffset: firstOffset + i };
  writer.append(values, meta);
  return n;
}

/** Parse the whole pickle, handing on each (modulation, snr) array as float32 values in C order. */
export function parseRmlPickle(path: string, onArray: (modulation: string, snr: number, values: Float32Array) => void, opts: RmlImportOptions = {}): Promise<RmlPickleSummary> {
  return scan(path, false, opts, (modulation, snr, array) => onArray(modulation, snr, float32CArray(array)));
}

/** Read the whole pickle without keeping array data: keys, shapes and dtypes checked, variant detected. */
export function inspectRmlPickle(path: string, opts: RmlImportOptions = {}): Promise<RmlPickleSummary> {
  return scan(path, true, opts, () => undefined);
}

const binaryStarts = new Set([0x95, 0x7d, 0x28, 0x5d, 0x29, 0x63, 0x8c, 0x58]);

/** True when the head bytes look like a pickle (any protocol) or a bzip2 archive named like one. */
export function detect(path: string, head: Buffer): boolean {
  if (isBzip2(head)) return /\.(tar\.bz2|tbz2?)$/i.test(path);
  if (head.length >= 3 && head[0] === 0x80 && head[1] >= 2 && head[1] <= 5) return binaryStarts.has(head[2]);
  const start = head.subarray(0, 3).toString('latin1');
  return start === '(dp' || start.startsWith('}') || (start.startsWith('(d') && /\.(pkl|pickle|dat)$/i.test(path));
}

type OnArray = (modulation: string, snr: number, array: NdArray) => void;

async function scan(path: string, inspectOnly: boolean, opts: RmlImportOptions, onArray: OnArray): Promise<RmlPickleSummary> {
  throwIfAborted(opts.signal, path);
  const source = await openPickleSource(path);
  const keys: RmlKey[] = [];
  const seen = new Set<string>();
  let vectors = 0;
  const take = (key: unknown, value: unknown): void => {
    const { modulation, snr } = parseKey(path, key);
    const label = `key ('${modulation}', ${snr})`;
    if (seen.has(label)) throw new AppError('BAD_FILE', `${path}: ${label} occurs twice`);
    seen.add(label);
    const array = checkArray(path, label, value);
    onArray(modulation, snr, array);
    keys.push({ modulation, snr, count: array.shape[0] });
    vectors += array.shape[0];
  };
  const unpickler = new Unpickler({
    file: source.member ? `${path}:${source.member}` : path,
    onRootItem: take,
    skipPayloads: inspectOnly,
    totalBytes: source.pickleBytes,
  });
  const iterator = source.chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      throwIfAborted(opts.signal, path);
      unpickler.feed(next.value);
      opts.onProgress?.({ bytes: source.bytesRead(), totalBytes: source.fileBytes, vectors });
      if (unpickler.done) break;
    }
  } finally {
    await iterator.return?.(undefined);
  }
  const root = unpickler.end();
  if (!(root instanceof PyDict)) {
    throw new AppError('BAD_FILE', `${path}: expected a dict of (modulation, snr) → array, found ${describe(root)}`);
  }
  // Items of a dict built in one DICT opcode were not streamed: take them now.
  for (const [k, v] of root.items()) take(k, v);
  if (vectors === 0) throw new AppError('BAD_FILE', `${path}: the dict holds no signal vectors`);
  const classes = [...new Set(keys.map((k) => k.modulation))];
  return {
    variant: detectVariant(classes, keys),
    protocol: unpickler.protocol,
    vectors,
    keys,
    classes,
    snrs: [...new Set(keys.map((k) => k.snr))].sort((a, b) => a - b),
    member: source.member,
  };
}

function parseKey(path: string, key: unknown): { modulation: string; snr: number } {
  const items = key instanceof PyTuple ? key.items : null;
  const modulation = items?.length === 2 ? asText(items[0]) : null;
  const snr = items?.length === 2 ? items[1] : null;
  if (modulation === null || typeof snr !== 'number' || !Number.isFinite(snr)) {
    throw new AppError('BAD_FILE', `${path}: dict key ${describe(key)}: expected a (modulation, snr) tuple`);
  }
  return { modulation, snr };
}

function checkArray(path: string, label: string, value: unknown): NdArray {
  const ok =
    value instanceof NdArray &&
    value.dtype.kind === 'f' &&
    value.dtype.itemsize === 4 &&
    !value.dtype.structured &&
    value.shape.length === 3 &&
    value.shape[1] === 2 &&
    value.shape[2] === RML2016_LENGTH;
  if (!ok) {
    throw new AppError(
      'BAD_FILE',
      `${path}: ${label}: expected a float32 array of shape (N, 2, ${RML2016_LENGTH}), found ${describe(value)}`,
    );
  }
  return value;
}

/** Variant from content: the class set, and whether every key holds the same number of vectors. */
export function detectVariant(classes: string[], keys: RmlKey[]): RmlVariant {
  const even = keys.every((k) => k.count === keys[0].count);
  const hasSsb = classes.includes('AM-SSB');
  if (classes.length === 11 && hasSsb && even) return 'RML2016.10a';
  if (classes.length === 10 && !hasSsb && even) return 'RML2016.10b';
  if (classes.length === 11 && !even) return 'RML2016.04c';
  return 'unknown';
}

function summaryParams(s: RmlPickleSummary): Record<string, unknown> {
  return {
    variant: s.variant,
    protocol: s.protocol,
    vectors: s.vectors,
    classes: s.classes,
    snrs: s.snrs,
    keys: s.keys.map((k) => [k.modulation, k.snr, k.count]),
    archiveMember: s.member,
  };
}

function progressAdapter(opts: ImportRunOptions, phase: string): RmlImportOptions {
  const report = opts.onProgress;
  return {
    signal: opts.signal,
    onProgress: report ? (p) => report({ phase, done: p.bytes, total: p.totalBytes }) : undefined,
  };
}

export const rmlPickleImporter: Importer = {
  id: 'rml-pickle',
  label: 'RadioML 2016 pickle (RML2016.10a / 10b / 04c)',
  extensions: ['.pkl', '.pickle', '.dat', '.tar.bz2', '.tbz2'],
  options: {},
  detect,
  async inspect(path: string, opts: ImportRunOptions): Promise<ImportPlan> {
    const summary = await inspectRmlPickle(path, progressAdapter(opts, 'inspect'));
    return { length: RML2016_LENGTH, params: summaryParams(summary) };
  },
  async run(path: string, writer: DatasetWriter, opts: ImportRunOptions): Promise<ImportReport> {
    const summary = await importRmlPickle(path, writer, progressAdapter(opts, 'import'));
    const warnings =
      summary.variant === 'unknown'
        ? [`${path}: the classes (${summary.classes.join(', ')}) match no published RML2016 variant`]
        : [];
    return { samples: summary.vectors, warnings };
  },
};
