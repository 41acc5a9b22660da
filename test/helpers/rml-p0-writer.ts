// Writes RadioML-style dicts {(modulation, snr): float32 (N, 2, L)} in the byte layout of
// Python 2.7 cPickle.dump protocol 0 (the layout of the public RML2016.10a/10b files):
// memo indices from 1, numpy 1.x _reconstruct + BUILD state, array bytes as Python 2 repr
// literals. Keys are written in the order given (Python 2 hash order is not reproduced).
import { createWriteStream } from 'node:fs';

const escapeTables = new Map<number, Buffer[]>();

function escapeTable(quote: number): Buffer[] {
  let t = escapeTables.get(quote);
  if (t) return t;
  t = [];
  for (let c = 0; c < 256; c++) {
    if (c === quote || c === 0x5c) t.push(Buffer.from([0x5c, c]));
    else if (c === 0x09) t.push(Buffer.from('\\t'));
    else if (c === 0x0a) t.push(Buffer.from('\\n'));
    else if (c === 0x0d) t.push(Buffer.from('\\r'));
    else if (c < 0x20 || c >= 0x7f) t.push(Buffer.from(`\\x${c.toString(16).padStart(2, '0')}`));
    else t.push(Buffer.from([c]));
  }
  escapeTables.set(quote, t);
  return t;
}

/** Python 2 repr() of a byte string (smart quotes), as bytes. */
export function py2Repr(bytes: Uint8Array): Buffer {
  const hasSingle = bytes.includes(0x27);
  const quote = hasSingle && !bytes.includes(0x22) ? 0x22 : 0x27;
  const table = escapeTable(quote);
  const out = Buffer.allocUnsafe(bytes.length * 4 + 2);
  let o = 0;
  out[o++] = quote;
  for (const c of bytes) {
    const e = table[c];
    if (e.length === 1) out[o++] = e[0];
    else o += e.copy(out, o);
  }
  out[o++] = quote;
  return out.subarray(0, o);
}

export interface RmlEntry {
  modulation: string;
  snr: number;
  /** n·2·L float32 values */
  data: Float32Array;
  shape: [number, number, number];
}

/** Serialises entries one at a time, so a full-size file can be written without holding it. */
export class CPickleP0Writer {
  private memoNext = 1;
  private readonly memo = new Map<string, number>();
  private arrays = 0;

  constructor(private readonly write: (b: Buffer) => void) {}

  private w(s: string | Buffer): void {
    this.write(typeof s === 'string' ? Buffer.from(s, 'latin1') : s);
  }

  private put(id: string): void {
    this.memo.set(id, this.memoNext);
    this.w(`p${this.memoNext++}\n`);
  }

  private global(module: string, name: string): void {
    const id = `global:${module}.${name}`;
    const n = this.memo.get(id);
    if (n !== undefined) return this.w(`g${n}\n`);
    this.w(`c${module}\n${name}\n`);
    this.put(id);
  }

  private sharedString(s: string): void {
    const id = `str:${s}`;
    const n = this.memo.get(id);
    if (n !== undefined) return this.w(`g${n}\n`);
    this.w(Buffer.concat([Buffer.from('S'), py2Repr(Buffer.from(s, 'latin1')), Buffer.from('\n')]));
    if (s.length >= 2) this.put(id);
  }

  private dtype(kind: string, order: string): void {
    const id = `dtype:${order}${kind}`;
    const n = this.memo.get(id);
    if (n !== undefined) return this.w(`g${n}\n`);
    this.global('numpy', 'dtype');
    this.w(`(S'${kind}'\nI0\nI1\ntR`);
    this.put(id);
    this.w(`(I3\nS'${order}'\nNNNI-1\nI-1\nI0\ntb`);
  }

  begin(): void {
    this.w('(d');
    this.put('dict');
  }

  /** One dict item: key tuple, then the array (raw bytes in little-endian order, or a custom dtype). */
  item(modulation: string, snr: number, shape: number[], raw: Uint8Array, dtypeKind = 'f4', order = '<'): void {
    this.w('(');
    this.sharedString(modulation);
    this.w(`I${snr}\nt`);
    this.put(`key:${this.arrays}`);
    this.global('numpy.core.multiarray', '_reconstruct');
    this.w('(');
    this.global('numpy', 'ndarray');
    this.w("(I0\ntS'b'\ntR");
    this.put(`array:${this.arrays++}`);
    this.w(`(I1\n(${shape.map((d) => `I${d}\n`).join('')}t`);
    this.dtype(dtypeKind, order);
    this.w('I00\nS');
    this.w(py2Repr(raw));
    this.w('\ntbs');
  }

  end(): void {
    this.w('.');
  }
}

/** The whole pickle in memory (small test files). */
export function rmlP0Bytes(entries: RmlEntry[]): Buffer {
  const parts: Buffer[] = [];
  const wr = new CPickleP0Writer((b) => parts.push(b));
  wr.begin();
  for (const e of entries) wr.item(e.modulation, e.snr, e.shape, new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.byteLength));
  wr.end();
  return Buffer.concat(parts);
}

/** Stream a pickle to disk, entries produced on demand. */
export async function writeRmlP0File(path: string, entries: Iterable<RmlEntry>): Promise<void> {
  const out = createWriteStream(path);
  const wr = new CPickleP0Writer((b) => {
    out.write(b);
  });
  wr.begin();
  for (const e of entries) {
    wr.item(e.modulation, e.snr, e.shape, new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.byteLength));
    if (out.writableLength > 64 << 20) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  wr.end();
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}
