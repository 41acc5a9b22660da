// RadioML 2018.01a HDF5 (GOLD_XYZ_OSC.0001_1024.hdf5): X float (N, L, 2), Y one-hot (N, C),
// Z SNR (N, 1). The file is ~20 GB, so every dataset is read in slices, X only for the frames
// the subset keeps; each frame is transposed to the store's [2][L] layout.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import type { DatasetWriter } from '../store/types.ts';
import { breathe, optionKinds, parseOptions, throwIfAborted, type ImportPlan, type ImportReport, type ImportRunOptions, type Importer } from './importer.ts';

/** The true class order of RML2018.01a (the classes file shipped with the dataset is wrong). */
export const rml2018Classes = [
  'OOK', '4ASK', '8ASK', 'BPSK', 'QPSK', '8PSK', '16PSK', '32PSK', '16APSK', '32APSK', '64APSK', '128APSK',
  '16QAM', '32QAM', '64QAM', '128QAM', '256QAM', 'AM-SSB-WC', 'AM-SSB-SC', 'AM-DSB-WC', 'AM-DSB-SC', 'FM',
  'GMSK', 'OQPSK',
] as const;

const classList = z.union([z.array(z.string().min(1)), z.string().transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))]);

export const rml2018OptionsSchema = z
  .object({
    /** keep only these classes (names) */
    classes: classList.optional(),
    /** dB, inclusive */
    snrMin: z.coerce.number().optional(),
    snrMax: z.coerce.number().optional(),
    /** keep at most this many frames per class × SNR (the first ones in file order) */
    maxPerClassSnr: z.coerce.number().int().min(1).optional(),
    /** names of Y's columns when the file does not have the 24 RML2018 classes */
    classNames: classList.optional(),
  })
  .strict();
export type Rml2018Options = z.output<typeof rml2018OptionsSchema>;

const hdf5Signature = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** HDF5 puts its signature at 0 or at a power-of-two offset ≥ 512 (after a user block). */
export function hasHdf5Signature(head: Buffer): boolean {
  for (const at of [0, 512, 1024, 2048]) {
    if (head.length >= at + 8 && head.subarray(at, at + 8).equals(hdf5Signature)) return true;
  }
  return false;
}

type H5 = typeof import('h5wasm/node');
let h5Ready: Promise<H5> | null = null;

/**
 * The files the HDF5 library may open: those the importer opened itself. External links,
 * external raw storage and virtual datasets make the library open other files by name (any
 * path, relative to the working directory); such opens fail and are remembered here, so that
 * only the chosen file's bytes are ever read (and hashed).
 */
const openable = new Set<string>();
const refusedOpens: string[] = [];

function guardFileOpens(h5: H5): void {
  const fs = h5.FS as unknown as { open: (path: string, ...rest: unknown[]) => unknown; ErrnoError: new (errno: number) => Error };
  const open = fs.open;
  const permissionDenied = 2; // EACCES in the library's (WASI) numbering
  const createExclusive = 0o300; // O_CREAT | O_EXCL
  fs.open = function guardedOpen(this: unknown, path: string, flags: unknown, ...rest: unknown[]) {
    // A file created afresh (the library's tmpfile for error reports) reveals nothing that exists.
    const createsNew = typeof flags === 'number' && (flags & createExclusive) === createExclusive;
    if (!openable.has(path) && !createsNew) {
      refusedOpens.push(String(path));
      throw new fs.ErrnoError(permissionDenied);
    }
    return open.call(this, path, flags, ...rest);
  };
}

/**
 * Load the Node build of the HDF5 library once. Its start-up code takes a global `navigator`
 * (defined by Electron and by newer Node) for a browser, so it is hidden while the module starts.
 * The library prints its error stack (dozens of HDF5-DIAG lines) to stderr unless told to throw
 * it instead: we throw, and report the file in one line of our own.
 */
function loadH5(): Promise<H5> {
  h5Ready ??= (async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    if (saved?.configurable) Object.defineProperty(globalThis, 'navigator', { value: undefined, configurable: true });
    try {
      const m = await import('h5wasm/node');
      (await m.ready).activate_throwing_error_handler();
      guardFileOpens(m);
      return m;
    } finally {
      if (saved?.configurable) Object.defineProperty(globalThis, 'navigator', saved);
    }
  })();
  return h5Ready;
}

type Slice = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array | BigUint64Array;
interface H5Dataset {
  shape: number[] | null;
  /** total_size counts elements, size is bytes per element */
  metadata: { type: number; total_size: number; size: number; virtual_sources?: { file_name: string }[] };
  filters: unknown[];
  slice(ranges: ([] | [number, number])[]): unknown;
}

// HDF5 type classes as h5wasm reports them in metadata.type
const h5Integer = 0;
const h5Float = 1;

interface Layout {
  frames: number;
  length: number;
  /** Y columns (one-hot) or 0 when Y holds class indices */
  labelColumns: number;
  classNames: string[];
}

// Rows of Y/Z per slice when scanning labels, frames of X per slice when copying.
const labelRows = 65536;
const frameRows = 1024;

class Rml2018File {
  private constructor(
    private readonly file: InstanceType<H5['File']>,
    readonly path: string,
    readonly X: H5Dataset,
    readonly Y: H5Dataset,
    readonly Z: H5Dataset,
    readonly layout: Layout,
  ) {}

  static async open(path: string, opts: Rml2018Options): Promise<Rml2018File> {
    const h5 = await loadH5();
    const { size: fileBytes } = await stat(path);
    const full = resolve(path);
    openable.add(full);
    refusedOpens.length = 0;
    let file: InstanceType<H5['File']>;
    try {
      file = new h5.File(full, 'r');
    } catch (e) {
      openable.delete(full);
      throw asBadFile(path, e);
    }
    try {
      const names = file.keys();
      const get = (name: string, what: string): H5Dataset => {
        if (!names.includes(name)) {
          throw new AppError('BAD_FILE', `${path}: expected dataset '${name}' (${what}), found [${names.join(', ')}]`);
        }
        const link = file.get_external_link(`/${name}`) as { filename?: string } | undefined;
        if (link?.filename !== undefined) {
          throw new AppError('BAD_FILE', `${path}: '${name}' is an external link to ${link.filename}; links to other files are refused`);
        }
        const d = file.get(name);
        if (!(d instanceof h5.Dataset)) {
          throw new AppError('BAD_FILE', `${path}: expected dataset '${name}' (${what}), found [${names.join(', ')}]`);
        }
        const sources = (d as unknown as H5Dataset).metadata.virtual_sources;
        if (sources?.length) {
          throw new AppError(
            'BAD_FILE',
            `${path}: '${name}' is a virtual dataset over ${sources.map((v) => v.file_name).join(', ')}; virtual datasets are refused`,
          );
        }
        return d as unknown as H5Dataset;
      };
      const X = get('X', 'frames');
      const Y = get('Y', 'one-hot labels');
      const Z = get('Z', 'SNRs');
      const layout = checkShapes(path, X, Y, Z, opts);
      for (const [name, d] of [['X', X], ['Y', Y], ['Z', Z]] as const) checkDeclaredBytes(path, name, d, fileBytes);
      return new Rml2018File(file, path, X, Y, Z, layout);
    } catch (e) {
      file.close();
      openable.delete(full);
      throw asBadFile(path, e);
    }
  }

  close(): void {
    this.file.close();
    openable.delete(resolve(this.path));
  }

  /** Class index and SNR of every frame, read in slices; rows that do not say one class and one SNR are refused. */
  async labels(signal?: AbortSignal, onRows?: (rows: number) => void): Promise<{ cls: Int32Array; snr: Float64Array }> {
    const { frames, labelColumns } = this.layout;
    const cls = new Int32Array(frames);
    const snr = new Float64Array(frames);
    const badY = new RowReport('Y');
    const badZ = new RowReport('Z');
    for (let r = 0; r < frames; r += labelRows) {
      throwIfAborted(signal, this.path);
      const end = Math.min(frames, r + labelRows);
      const y = this.read(() => this.Y.slice(labelColumns ? [[r, end], []] : [[r, end]])) as Slice;
      const z = this.read(() => this.Z.slice(this.Z.shape!.length === 2 ? [[r, end], []] : [[r, end]])) as Slice;
      for (let i = 0; i < end - r; i++) {
        const c = labelColumns ? oneHotIndex(y, i * labelColumns, labelColumns) : classIndexValue(Number(y[i]));
        if (typeof c === 'string') badY.add(r + i, c);
        else cls[r + i] = c;
        const v = Number(z[i]);
        if (!Number.isFinite(v)) badZ.add(r + i, String(v));
        snr[r + i] = v;
      }
      onRows?.(end);
      await breathe();
    }
    badY.throwIfAny(this.path, labelColumns ? 'should be one-hot (a single 1, the rest 0)' : 'should hold class indices');
    badZ.throwIfAny(this.path, 'should hold finite SNRs in dB');
    return { cls, snr };
  }

  private read(slice: () => unknown): unknown {
    refusedOpens.length = 0;
    let out: unknown;
    try {
      out = slice();
    } catch (e) {
      throw refusedOpens.length ? this.otherFileRefused() : asBadFile(this.path, e);
    }
    if (refusedOpens.length) throw this.otherFileRefused();
    return out;
  }

  private otherFileRefused(): AppError {
    const named = [...new Set(refusedOpens)].slice(0, 3).join(', ');
    return new AppError('BAD_FILE', `${this.path}: its data is stored in another file (${named}); external storage is refused`);
  }

  /** Frames [start, end) as [n][2][L]. */
  frames(start: number, end: number): Float32Array {
    const L = this.layout.length;
    const x = this.read(() => this.X.slice([[start, end], [], []])) as Float32Array | Float64Array;
    const n = end - start;
    const bad = new RowReport('X');
    for (let k = 0; k < x.length; k++) if (!Number.isFinite(x[k])) bad.add(start + Math.floor(k / (2 * L)), String(x[k]));
    bad.throwIfAny(this.path, 'should hold finite samples');
    const out = new Float32Array(n * 2 * L);
    for (let k = 0; k < n; k++) {
      const src = k * L * 2;
      const dst = k * 2 * L;
      for (let j = 0; j < L; j++) {
        out[dst + j] = x[src + 2 * j];
        out[dst + L + j] = x[src + 2 * j + 1];
      }
    }
    return out;
  }
}

/** The HDF5 library reports damage as plain errors; name the file and keep the reason. */
/** The innermost entry of an HDF5 error stack ('file signature not found: Not an HDF5 file'), or the message's first line. */
export function hdf5Reason(message: string): string {
  const entries = [...message.matchAll(/\(\): ([^\n]+)\n\s*major: [^\n]+\n\s*minor: ([^\n]+)/g)];
  const innermost = entries.at(-1);
  return innermost ? `${innermost[1]!.trim()}: ${innermost[2]!.trim()}` : message.split('\n')[0]!;
}

function asBadFile(path: string, e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError('BAD_FILE', `${path}: cannot be opened as HDF5 (${hdf5Reason(e instanceof Error ? e.message : String(e))})`);
}

/** The column holding the single 1 of a one-hot row, or why the row is not one-hot. */
function oneHotIndex(y: Slice, at: number, n: number): number | string {
  let found = -1;
  for (let c = 0; c < n; c++) {
    const v = Number(y[at + c]);
    if (v === 0) continue;
    if (v !== 1) return `${v} in column ${c}`;
    if (found >= 0) return `1 in columns ${found} and ${c}`;
    found = c;
  }
  return found >= 0 ? found : 'all zero';
}

function classIndexValue(v: number): number | string {
  return Number.isInteger(v) ? v : String(v);
}

/** Rows of a dataset that failed a check: counted, the first few kept for the message. */
class RowReport {
  private count = 0;
  private readonly first: string[] = [];
  constructor(private readonly dataset: string) {}
  add(row: number, why: string): void {
    this.count++;
    if (this.first.length < 5) this.first.push(`row ${row} (${why})`);
  }
  throwIfAny(path: string, rule: string): void {
    if (this.count === 0) return;
    const more = this.count > this.first.length ? ` and ${this.count - this.first.length} more` : '';
    throw new AppError('BAD_FILE', `${path}: ${this.dataset} ${rule}; ${this.count} rows do not: ${this.first.join(', ')}${more}`);
  }
}

/** Deflate, the library's only compressing filter, turns one stored byte into at most 1032. */
const maxDeflateRatio = 1032;

/**
 * A dataset's declared bytes must fit in the file (1032× for a filtered one): a 1 KB file can
 * declare 10⁹ frames whose chunks were never written, and reads of them yield fill values.
 */
function checkDeclaredBytes(path: string, name: string, d: H5Dataset, fileBytes: number): void {
  const declared = d.metadata.total_size * d.metadata.size;
  const filtered = d.filters.length > 0;
  const holds = fileBytes * (filtered ? maxDeflateRatio : 1);
  if (!Number.isSafeInteger(declared) || declared > holds) {
    throw new AppError(
      'BAD_FILE',
      `${path}: '${name}' declares shape (${(d.shape ?? []).join(', ')}), ${declared} bytes, more than a ${fileBytes}-byte file holds${filtered ? ' compressed' : ''}`,
    );
  }
}

function checkShapes(path: string, X: H5Dataset, Y: H5Dataset, Z: H5Dataset, opts: Rml2018Options): Layout {
  const xs = X.shape ?? [];
  const ys = Y.shape ?? [];
  const zs = Z.shape ?? [];
  const fmt = (s: number[]) => `(${s.join(', ')})`;
  if (xs.length !== 3 || xs[2] !== 2 || xs[1] < 2) {
    throw new AppError('BAD_FILE', `${path}: X should have shape (N, L, 2), found ${fmt(xs)}`);
  }
  if (X.metadata.type !== h5Float) throw new AppError('BAD_FILE', `${path}: X should hold floats, found HDF5 type class ${X.metadata.type}`);
  const frames = xs[0];
  if (!(ys.length === 2 || ys.length === 1) || ys[0] !== frames) {
    throw new AppError('BAD_FILE', `${path}: Y should have shape (${frames}, C) to match X, found ${fmt(ys)}`);
  }
  if (!((zs.length === 2 && zs[1] === 1) || zs.length === 1) || zs[0] !== frames) {
    throw new AppError('BAD_FILE', `${path}: Z should have shape (${frames}, 1) to match X, found ${fmt(zs)}`);
  }
  for (const [name, d] of [['Y', Y], ['Z', Z]] as const) {
    if (d.metadata.type !== h5Integer && d.metadata.type !== h5Float) {
      throw new AppError('BAD_FILE', `${path}: ${name} should hold numbers, found HDF5 type class ${d.metadata.type}`);
    }
  }
  const labelColumns = ys.length === 2 ? ys[1] : 0;
  let classNames: string[];
  if (opts.classNames) {
    if (labelColumns && opts.classNames.length !== labelColumns) {
      throw new AppError('VALIDATION', `${path}: ${opts.classNames.length} class names given for ${labelColumns} columns of Y`);
    }
    classNames = opts.classNames;
  } else if (labelColumns === rml2018Classes.length || labelColumns === 0) {
    classNames = [...rml2018Classes];
  } else {
    throw new AppError(
      'BAD_FILE',
      `${path}: Y has ${labelColumns} columns, expected the ${rml2018Classes.length} RML2018 classes (or give classNames)`,
    );
  }
  return { frames, length: xs[1], labelColumns, classNames };
}

interface Selection {
  /** frame indices kept, ascending */
  keep: number[];
  cls: Int32Array;
  snr: Float64Array;
}

function select(path: string, file: Rml2018File, labels: { cls: Int32Array; snr: Float64Array }, opts: Rml2018Options): Selection {
  const names = file.layout.classNames;
  let wanted: Set<number> | null = null;
  if (opts.classes) {
    const unknown = opts.classes.filter((c) => !names.includes(c));
    if (unknown.length) throw new AppError('VALIDATION', `${path}: unknown classes ${unknown.join(', ')}; the file has ${names.join(', ')}`);
    wanted = new Set(opts.classes.map((c) => names.indexOf(c)));
  }
  const perKey = new Map<string, number>();
  const keep: number[] = [];
  for (let i = 0; i < labels.cls.length; i++) {
    const c = labels.cls[i];
    const s = labels.snr[i];
    if (c < 0 || c >= names.length) throw new AppError('BAD_FILE', `${path}: frame ${i} has class index ${c}, outside 0..${names.length - 1}`);
    if (wanted && !wanted.has(c)) continue;
    if (opts.snrMin !== undefined && s < opts.snrMin) continue;
    if (opts.snrMax !== undefined && s > opts.snrMax) continue;
    if (opts.maxPerClassSnr !== undefined) {
      const key = `${c} ${s}`;
      const seen = perKey.get(key) ?? 0;
      if (seen >= opts.maxPerClassSnr) continue;
      perKey.set(key, seen + 1);
    }
    keep.push(i);
  }
  return { keep, ...labels };
}

async function inspect(path: string, run: ImportRunOptions): Promise<ImportPlan> {
  const opts = parseOptions(rml2018OptionsSchema, path, run.options);
  const file = await Rml2018File.open(path, opts);
  try {
    const { frames, length, classNames } = file.layout;
    return { length, params: { options: opts, frames, classes: classNames, variant: 'RML2018.01a' } };
  } finally {
    file.close();
  }
}

async function importRml2018(path: string, writer: DatasetWriter, run: ImportRunOptions): Promise<ImportReport> {
  const opts = parseOptions(rml2018OptionsSchema, path, run.options);
  const file = await Rml2018File.open(path, opts);
  try {
    const { frames } = file.layout;
    const labels = await file.labels(run.signal, (rows) => run.onProgress?.({ phase: 'labels', done: rows, total: frames }));
    const { keep, cls, snr } = select(path, file, labels, opts);
    // Register classes in the dataset's canonical order, not in order of appearance.
    const names = file.layout.classNames;
    const present = new Set(keep.map((i) => cls[i]));
    const index = names.map((n, c) => (present.has(c) ? writer.classIndex(n) : -1));
    let done = 0;
    let k = 0;
    while (k < keep.length) {
      throwIfAborted(run.signal, path);
      let e = k + 1;
      while (e < keep.length && e - k < frameRows && keep[e] === keep[e - 1] + 1) e++;
      const start = keep[k];
      const data = file.frames(start, keep[e - 1] + 1);
      const meta = keep.slice(k, e).map((i) => ({ classIndex: index[cls[i]], snr: snr[i], sourceOffset: i }));
      writer.append(data, meta);
      done += e - k;
      k = e;
      run.onProgress?.({ phase: 'frames', done, total: keep.length });
      await breathe();
    }
    const warnings = keep.length === 0 ? [`${path}: the subset selects no frames`] : [];
    return { samples: done, warnings };
  } finally {
    file.close();
  }
}

export const rml2018Importer: Importer = {
  id: 'rml2018-hdf5',
  label: 'RadioML 2018.01a HDF5 (X, Y, Z)',
  extensions: ['.hdf5', '.h5'],
  options: optionKinds(rml2018OptionsSchema),
  detect: (_path, head) => hasHdf5Signature(head),
  inspect,
  run: importRml2018,
};
