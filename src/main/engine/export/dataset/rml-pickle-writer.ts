// RadioML-style pickles: a dict {(modulation, snr): float32 array (N, 2, L)}, in pickle
// protocol 4 as Python 3's pickle writes it, with numpy's own array reduction
// (numpy.core.multiarray._reconstruct, then the (version, shape, dtype, fortran, bytes) state),
// so `pickle.load` in Python and the RML importers of other tools read it back.

const op = {
  proto: 0x80, stop: 0x2e, emptyDict: 0x7d, mark: 0x28, setItems: 0x75, tuple: 0x74, tuple1: 0x85, tuple2: 0x86, tuple3: 0x87,
  shortUnicode: 0x8c, stackGlobal: 0x93, reduce: 0x52, build: 0x62, binInt: 0x4a, none: 0x4e, newTrue: 0x88, newFalse: 0x89,
  shortBytes: 0x43, bytes8: 0x8e,
};

class PickleBytes {
  readonly parts: Buffer[] = [];
  byte(...b: number[]): void {
    this.parts.push(Buffer.from(b));
  }
  text(s: string): void {
    const b = Buffer.from(s, 'utf8');
    if (b.length > 255) throw new RangeError(`pickle string longer than 255 bytes: ${s.slice(0, 40)}…`);
    this.byte(op.shortUnicode, b.length);
    this.parts.push(b);
  }
  int(v: number): void {
    const b = Buffer.alloc(5);
    b[0] = op.binInt;
    b.writeInt32LE(v, 1);
    this.parts.push(b);
  }
  global(module: string, name: string): void {
    this.text(module);
    this.text(name);
    this.byte(op.stackGlobal);
  }
  data(raw: Buffer): void {
    const head = Buffer.alloc(9);
    head[0] = op.bytes8;
    head.writeBigUInt64LE(BigInt(raw.length), 1);
    this.parts.push(head, raw);
  }
}

export interface RmlKeyArray {
  modulation: string;
  snr: number;
  /** count · 2 · length float32 values */
  x: Float32Array;
  count: number;
  length: number;
}

function writeArray(p: PickleBytes, a: RmlKeyArray): void {
  p.global('numpy.core.multiarray', '_reconstruct');
  p.global('numpy', 'ndarray');
  p.int(0);
  p.byte(op.tuple1, op.shortBytes, 1, 0x62); // (0,), b'b'
  p.byte(op.tuple3, op.reduce);
  p.byte(op.mark);
  p.int(1);
  p.int(a.count);
  p.int(2);
  p.int(a.length);
  p.byte(op.tuple3);
  p.global('numpy', 'dtype');
  p.text('f4');
  p.byte(op.newFalse, op.newTrue, op.tuple3, op.reduce);
  p.byte(op.mark);
  p.int(3);
  p.text('<');
  p.byte(op.none, op.none, op.none);
  p.int(-1);
  p.int(-1);
  p.int(0);
  p.byte(op.tuple, op.build);
  p.byte(op.newFalse);
  p.data(Buffer.from(a.x.buffer, a.x.byteOffset, a.x.byteLength));
  p.byte(op.tuple, op.build);
}

export function rmlPickleBytes(keys: readonly RmlKeyArray[]): Buffer {
  const p = new PickleBytes();
  p.byte(op.proto, 4, op.emptyDict, op.mark);
  for (const k of keys) {
    p.text(k.modulation);
    p.int(k.snr);
    p.byte(op.tuple2);
    writeArray(p, k);
  }
  p.byte(op.setItems, op.stop);
  return Buffer.concat(p.parts);
}
