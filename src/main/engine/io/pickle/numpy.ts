// NumPy array and dtype reconstruction from their pickled state, without NumPy: the layouts
// written by ndarray.__reduce__ (numpy 1.x and 2.x, _reconstruct + BUILD state) and by
// ndarray.__reduce_ex__(5) (_frombuffer with an in-band buffer).
import { bad, PickleFormatError } from './format-error.ts';
import { asText, describe, PyBytes, PyTuple, SkippedBytes } from './values.ts';

export type ByteOrder = '<' | '>' | '|';

export class DType {
  constructor(
    /** numpy kind letter: f, i, u, b, c, S, U, V, O, M, m */
    public kind: string,
    public itemsize: number,
    public byteOrder: ByteOrder,
    public structured = false,
  ) {}
  get str(): string {
    return `${this.byteOrder}${this.kind}${this.itemsize}`;
  }
  describe(): string {
    return `dtype('${this.str}')`;
  }
}

export class NdArray {
  shape: number[] = [0];
  dtype = new DType('u', 1, '|');
  fortran = false;
  /** raw element bytes in memory order; null until the state is set or after release */
  data: Uint8Array | null = null;
  /** payload length when the bytes were skipped (inspection), -1 when not counted */
  skippedLength: number | null = null;
  released = false;
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
  get complete(): boolean {
    return this.data !== null || this.skippedLength !== null;
  }
  /** Drop the element bytes once handed on, so a streamed dataset is never held whole. */
  release(): void {
    this.data = null;
    this.skippedLength = null;
    this.released = true;
  }
  describe(): string {
    return `ndarray(shape=(${this.shape.join(', ')}${this.shape.length === 1 ? ',' : ''}), dtype=${this.dtype.str})`;
  }
}

const nativeOrder: ByteOrder = '<';

function toInt(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  throw bad(`${what}: expected an integer, found ${describe(v)}`);
}

function toShape(v: unknown): number[] {
  if (!(v instanceof PyTuple) && !Array.isArray(v)) {
    if (typeof v === 'number') return [toInt(v, 'array shape')];
    throw bad(`array shape: expected a tuple, found ${describe(v)}`);
  }
  const items = v instanceof PyTuple ? v.items : v;
  const shape = items.map((d) => toInt(d, 'array shape'));
  if (shape.some((d) => d < 0)) throw bad(`array shape (${shape.join(', ')}) has a negative dimension`);
  return shape;
}

function parseByteOrder(s: string): ByteOrder {
  if (s === '<' || s === '>' || s === '|') return s;
  if (s === '=') return nativeOrder;
  throw bad(`dtype byte order: expected one of < > | =, found ${JSON.stringify(s)}`);
}

const kindAliases: Record<string, [string, number]> = {
  '?': ['b', 1], b: ['i', 1], B: ['u', 1], h: ['i', 2], H: ['u', 2], i: ['i', 4], I: ['u', 4],
  l: ['i', 8], L: ['u', 8], q: ['i', 8], Q: ['u', 8], e: ['f', 2], f: ['f', 4], d: ['f', 8],
  g: ['f', 16], F: ['c', 8], D: ['c', 16], O: ['O', 8],
};

/** dtype from its constructor argument as pickled: 'f4', '<f8', 'b1', 'S10', 'U5', or a one-letter code. */
export function parseDtypeSpec(spec: string): DType {
  let rest = spec;
  let order: ByteOrder = nativeOrder;
  if (rest.length > 1 && '<>|='.includes(rest[0])) {
    order = parseByteOrder(rest[0]);
    rest = rest.slice(1);
  }
  const alias = kindAliases[rest];
  if (alias) return new DType(alias[0], alias[1], alias[1] === 1 ? '|' : order);
  const m = /^([fiucbSUVOMm])(\d+)$/.exec(rest);
  if (!m) throw new PickleFormatError('UNSUPPORTED', `dtype ${JSON.stringify(spec)} is not a plain numeric or string dtype`);
  const kind = m[1];
  const count = Number(m[2]);
  const itemsize = kind === 'U' ? count * 4 : count;
  return new DType(kind, itemsize, itemsize === 1 || kind === 'S' || kind === 'V' ? '|' : order);
}

/** numpy.dtype(obj, align, copy) */
export function makeDtype(args: readonly unknown[]): DType {
  const spec = asText(args[0]);
  if (spec === null) throw bad(`numpy.dtype: expected a type string, found ${describe(args[0])}`);
  return parseDtypeSpec(spec);
}

/** dtype.__setstate__((version, byteorder, subdescr, names, fields, elsize, alignment, flags[, metadata])) */
export function setDtypeState(dt: DType, state: unknown): void {
  if (!(state instanceof PyTuple) || state.items.length < 4) throw bad(`dtype state: expected a tuple, found ${describe(state)}`);
  const s = state.items;
  const version = toInt(s[0], 'dtype state version');
  // version 3/4: (v, order, subarray, names, fields, elsize, alignment, flags[, metadata]); older ones lack subarray.
  const [orderAt, namesAt] = version >= 3 ? [1, 3] : [1, 2];
  const order = asText(s[orderAt]);
  if (order === null) throw bad(`dtype state: expected a byte-order string, found ${describe(s[orderAt])}`);
  dt.byteOrder = dt.itemsize === 1 && order !== '|' ? '|' : parseByteOrder(order);
  if ((version >= 3 && s[2] !== null) || s[namesAt] !== null) dt.structured = true;
  if (version >= 3 && s.length > 5 && (dt.kind === 'V' || dt.structured)) {
    const elsize = toInt(s[5], 'dtype element size');
    if (elsize > 0) dt.itemsize = elsize;
  }
}

/** numpy.core.multiarray._reconstruct(subtype, shape, dtype-char): an empty array awaiting its state. */
export function reconstruct(): NdArray {
  return new NdArray();
}

function rawBytes(v: unknown, what: string): Uint8Array | SkippedBytes {
  if (v instanceof PyBytes) return v.bytes;
  if (v instanceof SkippedBytes) return v;
  if (typeof v === 'string') {
    // Python 3 reads Python 2 array data as latin-1 text; numpy encodes it back the same way.
    const out = Buffer.from(v, 'latin1');
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
  if (Array.isArray(v)) throw new PickleFormatError('UNSUPPORTED', `${what}: object arrays are not supported (found a list of elements)`);
  throw bad(`${what}: expected bytes, found ${describe(v)}`);
}

function attachData(a: NdArray, raw: Uint8Array | SkippedBytes, what: string): void {
  if (a.dtype.kind === 'O') throw new PickleFormatError('UNSUPPORTED', `${what}: object arrays are not supported`);
  if (raw instanceof SkippedBytes) {
    a.skippedLength = raw.length;
    return;
  }
  const expected = a.size * a.dtype.itemsize;
  if (raw.length !== expected) {
    throw bad(`${what}: ${a.describe()} needs ${expected} data bytes, found ${raw.length}`);
  }
  a.data = raw;
}

/** ndarray.__setstate__((version, shape, dtype, is_fortran, rawdata)); version 0 omits the version. */
export function setArrayState(a: NdArray, state: unknown): void {
  if (!(state instanceof PyTuple)) throw bad(`ndarray state: expected a tuple, found ${describe(state)}`);
  const s = state.items.length === 5 ? state.items.slice(1) : state.items;
  if (s.length !== 4) throw bad(`ndarray state: expected 4 or 5 items, found ${state.items.length}`);
  if (!(s[1] instanceof DType)) throw bad(`ndarray state: expected a dtype, found ${describe(s[1])}`);
  a.shape = toShape(s[0]);
  a.dtype = s[1];
  a.fortran = Boolean(s[2]) && a.shape.length > 1;
  attachData(a, rawBytes(s[3], 'ndarray data'), 'ndarray data');
}

/** numpy.core.numeric._frombuffer(buffer, dtype, shape, order) */
export function frombuffer(args: readonly unknown[]): NdArray {
  if (args.length !== 4) throw bad(`numpy _frombuffer: expected 4 arguments, found ${args.length}`);
  const [buf, dtype, shape, order] = args;
  if (!(dtype instanceof DType)) throw bad(`numpy _frombuffer: expected a dtype, found ${describe(dtype)}`);
  const a = new NdArray();
  a.shape = toShape(shape);
  a.dtype = dtype;
  a.fortran = asText(order) === 'F' && a.shape.length > 1;
  attachData(a, rawBytes(buf, 'ndarray buffer'), 'ndarray buffer');
  return a;
}

/** numpy.core.multiarray.scalar(dtype, bytes): a numpy scalar as a plain JS number where it has one. */
export function scalar(args: readonly unknown[]): unknown {
  const [dtype, payload] = args;
  if (!(dtype instanceof DType)) throw bad(`numpy scalar: expected a dtype, found ${describe(dtype)}`);
  const raw = rawBytes(payload, 'numpy scalar');
  if (raw instanceof SkippedBytes) return null;
  const a = new NdArray();
  a.shape = [];
  a.dtype = dtype;
  attachData(a, raw, 'numpy scalar');
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const le = dtype.byteOrder !== '>';
  switch (dtype.str.slice(1)) {
    case 'f4': return dv.getFloat32(0, le);
    case 'f8': return dv.getFloat64(0, le);
    case 'i1': return dv.getInt8(0);
    case 'u1': return dv.getUint8(0);
    case 'b1': return dv.getUint8(0) !== 0;
    case 'i2': return dv.getInt16(0, le);
    case 'u2': return dv.getUint16(0, le);
    case 'i4': return dv.getInt32(0, le);
    case 'u4': return dv.getUint32(0, le);
    case 'i8': return Number(dv.getBigInt64(0, le));
    case 'u8': return Number(dv.getBigUint64(0, le));
    default: return a;
  }
}

/**
 * The array's elements as float32 in C (row-major) order. Only float32 arrays qualify: the
 * caller decides what to do with anything else. Zero-copy when the bytes are aligned
 * little-endian C order.
 */
export function float32CArray(a: NdArray): Float32Array {
  if (!a.data) throw new Error('array data not available');
  let bytes = a.data;
  if (a.dtype.byteOrder === '>') {
    const swapped = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i += 4) {
      swapped[i] = bytes[i + 3];
      swapped[i + 1] = bytes[i + 2];
      swapped[i + 2] = bytes[i + 1];
      swapped[i + 3] = bytes[i];
    }
    bytes = swapped;
  } else if (bytes.byteOffset % 4 !== 0) {
    bytes = bytes.slice();
  }
  const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  return a.fortran ? fortranToC(values, a.shape) : values;
}

function fortranToC(src: Float32Array, shape: number[]): Float32Array {
  const out = new Float32Array(src.length);
  const nd = shape.length;
  const cStride = new Array<number>(nd);
  const fStride = new Array<number>(nd);
  cStride[nd - 1] = 1;
  for (let d = nd - 2; d >= 0; d--) cStride[d] = cStride[d + 1] * shape[d + 1];
  fStride[0] = 1;
  for (let d = 1; d < nd; d++) fStride[d] = fStride[d - 1] * shape[d - 1];
  const idx = new Array<number>(nd).fill(0);
  for (let c = 0; c < out.length; c++) {
    let f = 0;
    for (let d = 0; d < nd; d++) f += idx[d] * fStride[d];
    out[c] = src[f];
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}
