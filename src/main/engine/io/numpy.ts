// NumPy arrays: a single .npy holding X, or an .npz (zip of .npy members, stored or deflated)
// holding X with optional labels, SNRs and class names. X is (N, 2, L), (N, L, 2) or complex
// (N, L); it is streamed frame by frame, never loaded whole.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import type { DatasetWriter, SampleMeta } from '../store/types.ts';
import { breathe, optionKinds, parseOptions, throwIfAborted, type ImportPlan, type ImportReport, type ImportRunOptions, type Importer } from './importer.ts';
import {
  ChunkReader,
  decodeNumbers,
  decodeStrings,
  elementCount,
  hasNpyMagic,
  numberReader,
  readNpyHeader,
  type NpyHeader,
} from './npy-format.ts';
import { indexZip, memberStream, type ZipMember } from './zip-index.ts';

export const numpyOptionsSchema = z
  .object({
    /** how X is laid out; 'auto' tells (N, 2, L) from (N, L, 2) by which axis has size 2 */
    layout: z.enum(['auto', 'n2l', 'nl2']).default('auto'),
    /** .npz member names; defaults try the usual names (X/x/data, Y/y/labels, Z/snr/snrs, classes) */
    xKey: z.string().min(1).optional(),
    yKey: z.string().min(1).optional(),
    snrKey: z.string().min(1).optional(),
    classesKey: z.string().min(1).optional(),
    /** class names for integer or one-hot labels, when the file has none */
    classes: z.union([z.array(z.string().min(1)), z.string().transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))]).optional(),
    /** one class for every sample (a single .npy of one modulation) */
    label: z.string().min(1).optional(),
    /** dB, for every sample when the file has no SNR array */
    snr: z.coerce.number().optional(),
  })
  .strict();
export type NumpyOptions = z.output<typeof numpyOptionsSchema>;

const defaultKeys = {
  x: ['X', 'x', 'data', 'signals', 'iq'],
  y: ['Y', 'y', 'labels', 'label', 'lbl'],
  snr: ['Z', 'snr', 'snrs', 'SNR'],
  classes: ['classes', 'class_names', 'mods', 'modulations'],
};

// Label and SNR arrays are read whole; anything larger than this is not a label array.
const maxSideArrayBytes = 512 * 1024 * 1024;
const framesPerBatch = 1024;
// Bytes of X read at once, whatever the frame length.
const maxBatchBytes = 64 * 1024 * 1024;

/** One array: a whole .npy file or one member of an .npz. */
interface ArraySource {
  /** how the array is named in messages */
  what: string;
  /** bytes of the whole .npy (header and data): the file's size, or the zip member's */
  bytes: number;
  open(): ChunkReader;
}

interface Arrays {
  x: ArraySource;
  y: ArraySource | null;
  snr: ArraySource | null;
  classes: ArraySource | null;
  /** member names, for messages */
  members: string[];
}

function pick(members: Map<string, ZipMember>, key: string | undefined, defaults: string[], path: string, what: string): ZipMember | null {
  if (key !== undefined) {
    const m = members.get(key);
    if (!m) throw new AppError('BAD_FILE', `${path}: no array '${key}' (${what}), found [${[...members.keys()].join(', ')}]`);
    return m;
  }
  for (const d of defaults) {
    const m = members.get(d);
    if (m) return m;
  }
  return null;
}

async function locateArrays(path: string, opts: NumpyOptions): Promise<Arrays> {
  if (extname(path).toLowerCase() === '.npy') {
    const { size } = await stat(path);
    return { x: { what: path, bytes: size, open: () => new ChunkReader(createReadStream(path), path) }, y: null, snr: null, classes: null, members: [] };
  }
  const zipMembers = await indexZip(path);
  const members = new Map(zipMembers.filter((m) => m.name.endsWith('.npy')).map((m) => [m.name.slice(0, -4), m]));
  const source = (m: ZipMember | null): ArraySource | null =>
    m && { what: `${path}:${m.name}`, bytes: m.size, open: () => new ChunkReader(memberStream(path, m), `${path}:${m.name}`) };
  let x = pick(members, opts.xKey, defaultKeys.x, path, 'samples');
  if (!x && members.size === 1) x = [...members.values()][0];
  if (!x) {
    throw new AppError('BAD_FILE', `${path}: expected an array X (samples), found [${[...members.keys()].join(', ')}]`);
  }
  return {
    x: source(x)!,
    y: source(pick(members, opts.yKey, defaultKeys.y, path, 'labels')),
    snr: source(pick(members, opts.snrKey, defaultKeys.snr, path, 'SNRs')),
    classes: source(pick(members, opts.classesKey, defaultKeys.classes, path, 'class names')),
    members: [...members.keys()],
  };
}

interface XLayout {
  header: NpyHeader;
  frames: number;
  length: number;
  layout: 'n2l' | 'nl2' | 'complex';
}

function xLayout(header: NpyHeader, what: string, wanted: NumpyOptions['layout']): XLayout {
  const { shape, dtype } = header;
  const fmt = `(${shape.join(', ')})`;
  if (header.fortranOrder) {
    throw new AppError('UNSUPPORTED', `${what}: X is stored in Fortran order; save it with numpy.ascontiguousarray first`);
  }
  if (dtype.kind === 'c') {
    if (shape.length !== 2) throw new AppError('BAD_FILE', `${what}: complex X should have shape (N, L), found ${fmt}`);
    return { header, frames: shape[0], length: shape[1], layout: 'complex' };
  }
  if (!['f', 'i', 'u'].includes(dtype.kind)) {
    throw new AppError('BAD_FILE', `${what}: X should hold numbers, found dtype '${dtype.descr}'`);
  }
  if (shape.length !== 3 || (shape[1] !== 2 && shape[2] !== 2)) {
    throw new AppError('BAD_FILE', `${what}: X should have shape (N, 2, L) or (N, L, 2), found ${fmt}`);
  }
  let layout: 'n2l' | 'nl2';
  if (wanted === 'auto') layout = shape[1] === 2 ? 'n2l' : 'nl2';
  else layout = wanted;
  if ((layout === 'n2l' && shape[1] !== 2) || (layout === 'nl2' && shape[2] !== 2)) {
    throw new AppError('BAD_FILE', `${what}: layout ${layout} needs ${layout === 'n2l' ? '(N, 2, L)' : '(N, L, 2)'}, found ${fmt}`);
  }
  return { header, frames: shape[0], length: layout === 'n2l' ? shape[2] : shape[1], layout };
}

/**
 * The header, once its declared shape × dtype is known to fit in the bytes the array really has:
 * a few-KB file can claim gigabytes, and nothing is allocated or read on a claim.
 */
async function readCheckedHeader(reader: ChunkReader, source: ArraySource): Promise<NpyHeader> {
  const header = await readNpyHeader(reader, source.what);
  const declared = elementCount(header.shape) * header.dtype.itemSize;
  const held = source.bytes - header.headerBytes;
  if (!Number.isSafeInteger(declared) || declared > held) {
    throw new AppError(
      'BAD_FILE',
      `${source.what}: truncated, the header declares ${declared} data bytes (shape (${header.shape.join(', ')}), dtype '${header.dtype.descr}'), the array holds ${held}`,
    );
  }
  return header;
}

async function readXLayout(source: ArraySource, opts: NumpyOptions): Promise<XLayout> {
  const reader = source.open();
  try {
    return xLayout(await readCheckedHeader(reader, source), source.what, opts.layout);
  } finally {
    await reader.close();
  }
}

async function readWhole(source: ArraySource): Promise<{ header: NpyHeader; bytes: Buffer }> {
  const reader = source.open();
  try {
    const header = await readCheckedHeader(reader, source);
    const size = elementCount(header.shape) * header.dtype.itemSize;
    if (size > maxSideArrayBytes) throw new AppError('BAD_FILE', `${source.what}: ${size} bytes is too large for a label or SNR array`);
    if (header.fortranOrder && header.shape.length > 1) {
      throw new AppError('UNSUPPORTED', `${source.what}: stored in Fortran order; save it with numpy.ascontiguousarray first`);
    }
    return { header, bytes: await reader.read(size) };
  } finally {
    await reader.close();
  }
}

interface Labels {
  /** per sample: an index into names, or -1 */
  index: Int32Array | null;
  /** class names in index order (registered first, so stored indices equal file indices) */
  names: string[];
  snr: Float64Array | null;
}

async function readLabels(arrays: Arrays, frames: number, opts: NumpyOptions): Promise<Labels> {
  let names: string[] = opts.classes ?? [];
  if (arrays.classes) {
    const { header, bytes } = await readWhole(arrays.classes);
    if (header.dtype.kind !== 'U' && header.dtype.kind !== 'S') {
      throw new AppError('BAD_FILE', `${arrays.classes.what}: class names should be strings, found dtype '${header.dtype.descr}'`);
    }
    names = decodeStrings(bytes, header, arrays.classes.what);
  }
  let index: Int32Array | null = null;
  if (arrays.y) {
    const { header, bytes } = await readWhole(arrays.y);
    const { shape } = header;
    const what = arrays.y.what;
    if (shape[0] !== frames || shape.length > 2) {
      throw new AppError('BAD_FILE', `${what}: labels should have shape (${frames},) or (${frames}, C) to match X, found (${shape.join(', ')})`);
    }
    index = new Int32Array(frames);
    if (header.dtype.kind === 'U' || header.dtype.kind === 'S') {
      const text = decodeStrings(bytes, header, what);
      const seen = new Map(names.map((n, i) => [n, i]));
      text.forEach((t, i) => {
        if (!seen.has(t)) {
          seen.set(t, names.length);
          names = [...names, t];
        }
        index![i] = seen.get(t)!;
      });
    } else {
      const values = decodeNumbers(bytes, header, what);
      const columns = shape.length === 2 ? shape[1] : 0;
      for (let i = 0; i < frames; i++) {
        if (columns) {
          let best = 0;
          for (let c = 1; c < columns; c++) if (values[i * columns + c] > values[i * columns + best]) best = c;
          index[i] = best;
        } else {
          const v = values[i];
          if (!Number.isInteger(v)) throw new AppError('BAD_FILE', `${what}: label ${v} of sample ${i} is not a class index`);
          index[i] = v < 0 ? -1 : v;
        }
      }
      let top = columns - 1;
      for (const c of index) if (c > top) top = c;
      if (names.length === 0) names = Array.from({ length: top + 1 }, (_, c) => `class ${c}`);
      if (top >= names.length) throw new AppError('BAD_FILE', `${what}: label ${top} has no class name (${names.length} names)`);
    }
  }
  let snr: Float64Array | null = null;
  if (arrays.snr) {
    const { header, bytes } = await readWhole(arrays.snr);
    const { shape } = header;
    if (shape[0] !== frames || elementCount(shape) !== frames) {
      throw new AppError('BAD_FILE', `${arrays.snr.what}: SNRs should have shape (${frames},) or (${frames}, 1) to match X, found (${shape.join(', ')})`);
    }
    snr = decodeNumbers(bytes, header, arrays.snr.what);
  }
  return { index, names, snr };
}

/** Convert a batch of frames of X to [n][2][L]. */
function convertFrames(bytes: Buffer, x: XLayout, n: number, what: string): Float32Array {
  const { length: L, layout } = x;
  const { itemSize } = x.header.dtype;
  const read = numberReader(x.header.dtype, what);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(n * 2 * L);
  for (let k = 0; k < n; k++) {
    const base = k * 2 * L;
    for (let j = 0; j < L; j++) {
      if (layout === 'n2l') {
        out[base + j] = read(view, (base + j) * itemSize);
        out[base + L + j] = read(view, (base + L + j) * itemSize);
      } else if (layout === 'nl2') {
        out[base + j] = read(view, (base + 2 * j) * itemSize);
        out[base + L + j] = read(view, (base + 2 * j + 1) * itemSize);
      } else {
        const at = (k * L + j) * itemSize;
        out[base + j] = read(view, at);
        out[base + L + j] = read(view, at + itemSize / 2);
      }
    }
  }
  return out;
}

async function inspect(path: string, run: ImportRunOptions): Promise<ImportPlan> {
  const opts = parseOptions(numpyOptionsSchema, path, run.options);
  const arrays = await locateArrays(path, opts);
  const x = await readXLayout(arrays.x, opts);
  const labels = await readLabels(arrays, x.frames, opts);
  return {
    length: x.length,
    params: {
      options: opts,
      frames: x.frames,
      dtype: x.header.dtype.descr,
      shape: x.header.shape,
      layout: x.layout,
      arrays: arrays.members,
      labelled: labels.index !== null || opts.label !== undefined,
    },
  };
}

async function importNumpy(path: string, writer: DatasetWriter, run: ImportRunOptions): Promise<ImportReport> {
  const opts = parseOptions(numpyOptionsSchema, path, run.options);
  const arrays = await locateArrays(path, opts);
  const x = await readXLayout(arrays.x, opts);
  const labels = await readLabels(arrays, x.frames, opts);
  const stored = labels.names.map((n) => writer.classIndex(n));
  const single = opts.label === undefined ? -1 : writer.classIndex(opts.label);
  const meta = (i: number): SampleMeta => ({
    classIndex: labels.index ? (labels.index[i] < 0 ? -1 : stored[labels.index[i]]) : single,
    // NaN is how NumPy arrays mark an unknown SNR (our own .npz exports write it so)
    snr: labels.snr ? (Number.isNaN(labels.snr[i]) ? null : labels.snr[i]) : (opts.snr ?? null),
    sourceOffset: i,
  });

  const reader = arrays.x.open();
  try {
    await readNpyHeader(reader, arrays.x.what);
    const frameBytes = 2 * x.length * x.header.dtype.itemSize / (x.layout === 'complex' ? 2 : 1);
    const batch = Math.max(1, Math.min(framesPerBatch, Math.floor(maxBatchBytes / frameBytes)));
    for (let i = 0; i < x.frames; i += batch) {
      throwIfAborted(run.signal, path);
      const n = Math.min(batch, x.frames - i);
      const bytes = await reader.read(n * frameBytes);
      writer.append(convertFrames(bytes, x, n, arrays.x.what), Array.from({ length: n }, (_, k) => meta(i + k)));
      run.onProgress?.({ phase: 'frames', done: i + n, total: x.frames });
      await breathe();
    }
  } finally {
    await reader.close();
  }
  return { samples: x.frames, warnings: [] };
}

function isZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
}

export const numpyImporter: Importer = {
  id: 'npy',
  label: 'NumPy array (.npy) or archive (.npz) of I/Q frames',
  extensions: ['.npy', '.npz'],
  options: optionKinds(numpyOptionsSchema),
  detect(path, head) {
    const ext = extname(path).toLowerCase();
    return (ext === '.npy' && hasNpyMagic(head)) || (ext === '.npz' && isZip(head));
  },
  inspect,
  run: importNumpy,
};
