// The NumPy .npy format: magic, version, a Python-literal header dict {'descr', 'fortran_order',
// 'shape'}, then the raw array bytes. Parsed here without Python; data is read from a stream.
import { AppError } from '../../../shared/errors.ts';

export interface NpyDtype {
  /** the descr string, e.g. '<f4' */
  descr: string;
  kind: 'f' | 'i' | 'u' | 'c' | 'b' | 'U' | 'S';
  itemSize: number;
  littleEndian: boolean;
}

export interface NpyHeader {
  dtype: NpyDtype;
  fortranOrder: boolean;
  shape: number[];
  /** bytes before the data: magic, version, length field and header text */
  headerBytes: number;
}

const magic = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

export function hasNpyMagic(head: Buffer): boolean {
  return head.length >= 6 && head.subarray(0, 6).equals(magic);
}

const supportedSizes: Record<string, number[]> = { f: [4, 8], i: [1, 2, 4, 8], u: [1, 2, 4, 8], c: [8, 16], b: [1] };

export function parseDtype(descr: string, what: string): NpyDtype {
  const m = /^([<>|=])([fiucbUS])(\d+)$/.exec(descr);
  if (!m) throw new AppError('UNSUPPORTED', `${what}: array dtype '${descr}' is not supported (need a plain numeric or string dtype)`);
  const kind = m[2] as NpyDtype['kind'];
  const count = Number(m[3]);
  // 'U' counts UTF-32 characters, the rest count bytes.
  const itemSize = kind === 'U' ? 4 * count : count;
  if (supportedSizes[kind] && !supportedSizes[kind].includes(itemSize)) {
    throw new AppError('UNSUPPORTED', `${what}: array dtype '${descr}' is not supported`);
  }
  // '=' is native order; every platform Node runs on here is little-endian.
  return { descr, kind, itemSize, littleEndian: m[1] !== '>' };
}

/** Length of the header (magic … header text) given at least its first 12 bytes. */
export function npyHeaderLength(first: Buffer, what: string): number {
  if (!hasNpyMagic(first)) throw new AppError('BAD_FILE', `${what}: not a NumPy .npy array (missing \\x93NUMPY magic)`);
  const major = first[6];
  if (major === 1) return 10 + first.readUInt16LE(8);
  if (major === 2 || major === 3) return 12 + first.readUInt32LE(8);
  throw new AppError('UNSUPPORTED', `${what}: .npy format version ${major}.${first[7]} is not supported`);
}

/** Parse the whole header (as measured by npyHeaderLength). */
export function parseNpyHeader(header: Buffer, what: string): NpyHeader {
  const headerBytes = npyHeaderLength(header, what);
  const text = header.subarray(header[6] === 1 ? 10 : 12, headerBytes).toString(header[6] === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) {
    throw new AppError('BAD_FILE', `${what}: .npy header should give descr, fortran_order and shape, found ${text.trim()}`);
  }
  const dims = shape[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => Number(s.replace(/L$/, '')));
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new AppError('BAD_FILE', `${what}: .npy shape (${shape[1]}) is not a tuple of sizes`);
  return { dtype: parseDtype(descr[1], what), fortranOrder: fortran[1] === 'True', shape: dims, headerBytes };
}

export function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A reader of element i of a numeric array as a JS number (complex gives the real part at i, imaginary via `imag`). */
export function numberReader(dtype: NpyDtype, what: string): (view: DataView, byteOffset: number) => number {
  const le = dtype.littleEndian;
  switch (`${dtype.kind}${dtype.itemSize}`) {
    case 'f4':
    case 'c8':
      return (v, o) => v.getFloat32(o, le);
    case 'f8':
    case 'c16':
      return (v, o) => v.getFloat64(o, le);
    case 'i1':
      return (v, o) => v.getInt8(o);
    case 'u1':
    case 'b1':
      return (v, o) => v.getUint8(o);
    case 'i2':
      return (v, o) => v.getInt16(o, le);
    case 'u2':
      return (v, o) => v.getUint16(o, le);
    case 'i4':
      return (v, o) => v.getInt32(o, le);
    case 'u4':
      return (v, o) => v.getUint32(o, le);
    case 'i8':
      return (v, o) => Number(v.getBigInt64(o, le));
    case 'u8':
      return (v, o) => Number(v.getBigUint64(o, le));
    default:
      throw new AppError('UNSUPPORTED', `${what}: dtype '${dtype.descr}' is not numeric`);
  }
}

/** Decode a whole numeric array into float64 values. */
export function decodeNumbers(bytes: Buffer, header: NpyHeader, what: string): Float64Array {
  const read = numberReader(header.dtype, what);
  const n = elementCount(header.shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = read(view, i * header.dtype.itemSize);
  return out;
}

/** Decode a whole string array ('U' = UTF-32, 'S' = bytes), trailing NULs dropped. */
export function decodeStrings(bytes: Buffer, header: NpyHeader, what: string): string[] {
  const { kind, itemSize, littleEndian } = header.dtype;
  const n = elementCount(header.shape);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const item = bytes.subarray(i * itemSize, (i + 1) * itemSize);
    let s = '';
    if (kind === 'S') {
      s = item.toString('latin1');
    } else {
      for (let c = 0; c < itemSize; c += 4) {
        const cp = littleEndian ? item.readUInt32LE(c) : item.readUInt32BE(c);
        if (cp === 0) break;
        if (cp > 0x10ffff) throw new AppError('BAD_FILE', `${what}: string ${i} holds ${cp}, beyond the last Unicode code point`);
        s += String.fromCodePoint(cp);
      }
    }
    out.push(s.replace(/\0+$/, ''));
  }
  return out;
}

/** Pulls exact byte counts out of a chunked stream. */
export class ChunkReader {
  private readonly iterator: AsyncIterator<Buffer>;
  private pending: Buffer[] = [];
  private buffered = 0;

  constructor(
    source: AsyncIterable<Buffer>,
    private readonly what: string,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Exactly n bytes; a stream that ends early is a truncated file. */
  async read(n: number): Promise<Buffer> {
    while (this.buffered < n) {
      let next: IteratorResult<Buffer>;
      try {
        next = await this.iterator.next();
      } catch (e) {
        throw new AppError('BAD_FILE', `${this.what}: cannot be read (${(e as Error).message})`);
      }
      if (next.done) {
        throw new AppError('BAD_FILE', `${this.what}: truncated, expected ${n - this.buffered} more bytes`);
      }
      this.pending.push(next.value);
      this.buffered += next.value.length;
    }
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.pending = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

/** Read an .npy header from the front of a stream. */
export async function readNpyHeader(reader: ChunkReader, what: string): Promise<NpyHeader> {
  const first = await reader.read(12);
  const length = npyHeaderLength(first, what);
  const rest = await reader.read(length - 12);
  return parseNpyHeader(Buffer.concat([first, rest]), what);
}
