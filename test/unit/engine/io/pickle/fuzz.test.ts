// Corrupted pickles: flipped bytes and truncations must end in an AppError (or a clean parse),
// never another exception and never a hang.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/errors.ts';
import { float32CArray, NdArray } from '../../../../../src/main/engine/io/pickle/numpy.ts';
import { Unpickler } from '../../../../../src/main/engine/io/pickle/unpickler.ts';
import { rmlP0Bytes } from '../../../../helpers/rml-p0-writer.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    s ^= s >>> 13;
    return (s >>> 0) / 4294967296;
  };
}

const base = rmlP0Bytes([
  { modulation: 'QPSK', snr: 2, shape: [2, 2, 128], data: Float32Array.from({ length: 512 }, (_, i) => Math.sin(i) * 0.01) },
  { modulation: 'WBFM', snr: -8, shape: [1, 2, 128], data: Float32Array.from({ length: 256 }, (_, i) => Math.cos(i) * 0.01) },
]);

// cPickle protocol 2 layout with a batched SETITEMS and binary strings.
const values = Buffer.from(Float32Array.from({ length: 256 }, (_, i) => i / 256).buffer);
const len = Buffer.alloc(4);
len.writeInt32LE(values.length);
const binary = Buffer.concat([
  Buffer.from('\x80\x02}q\x01(U\x04QPSKq\x02K\x06\x86q\x03cnumpy.core.multiarray\n_reconstruct\nq\x04cnumpy\nndarray\nq\x05K\x00\x85U\x01b\x87Rq\x06(K\x01K\x01K\x02K\x80\x87cnumpy\ndtype\nq\x07U\x02f4K\x00K\x01\x87Rq\x08(K\x03U\x01<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89T', 'latin1'),
  len,
  values,
  Buffer.from('tbu.', 'latin1'),
]);

function mutate(src: Buffer, next: () => number): Buffer {
  const out = Buffer.from(src);
  const kind = next();
  if (kind < 0.7) {
    const flips = 1 + Math.floor(next() * 4);
    // Mostly hit the opcode-dense parts: the first 400 bytes and the tail.
    for (let f = 0; f < flips; f++) {
      const at = next() < 0.6 ? Math.floor(next() * Math.min(400, out.length)) : Math.floor(next() * out.length);
      out[at] = Math.floor(next() * 256);
    }
    return kind < 0.55 ? out : out.subarray(0, Math.floor(next() * out.length));
  }
  return out.subarray(0, Math.floor(next() * out.length));
}

function run(bytes: Buffer, next: () => number): 'ok' | AppError {
  const u = new Unpickler({
    file: 'fuzz.pkl',
    totalBytes: bytes.length,
    onRootItem: (_k, v) => {
      if (v instanceof NdArray && v.dtype.kind === 'f' && v.dtype.itemsize === 4) float32CArray(v);
    },
  });
  try {
    let at = 0;
    while (at < bytes.length) {
      const n = 1 + Math.floor(next() * 700);
      u.feed(bytes.subarray(at, at + n));
      at += n;
    }
    u.end();
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
}

describe('unpickler fuzz', () => {
  for (const [name, src, seed] of [['protocol 0', base, 11], ['protocol 2', binary, 23]] as const) {
    it(`${name}: 300 corrupted variants fail cleanly and quickly`, () => {
      const next = rng(seed);
      const codes = new Map<string, number>();
      for (let i = 0; i < 300; i++) {
        const bytes = mutate(src, next);
        const started = performance.now();
        const r = run(bytes, next);
        expect(performance.now() - started).toBeLessThan(2000);
        const code = r === 'ok' ? 'ok' : r.code;
        codes.set(code, (codes.get(code) ?? 0) + 1);
        if (r !== 'ok') expect(r.message.startsWith('fuzz.pkl')).toBe(true);
      }
      expect(codes.get('INTERNAL') ?? 0).toBe(0);
      expect(codes.get('BAD_FILE') ?? 0).toBeGreaterThan(100);
    });
  }
});
