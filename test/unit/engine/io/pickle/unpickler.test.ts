import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/errors.ts';
import { NdArray, float32CArray } from '../../../../../src/main/engine/io/pickle/numpy.ts';
import { Unpickler } from '../../../../../src/main/engine/io/pickle/unpickler.ts';
import { asText, PyTuple } from '../../../../../src/main/engine/io/pickle/values.ts';
import { collectingWriter, sumOf } from '../../../../helpers/collecting-writer.ts';
import { writePythonPickles, type PythonReference } from '../../../../helpers/python-pickles.ts';
import { rmlP0Bytes } from '../../../../helpers/rml-p0-writer.ts';
import { importRmlPickle } from '../../../../../src/main/engine/io/rml-pickle.ts';

interface Item {
  key: string;
  values: Float32Array;
  shape: number[];
}

/** Unpickle bytes fed in pieces of `chunk` bytes, collecting the root items. */
function parse(bytes: Buffer, chunk: number): { items: Item[]; protocol: number } {
  const items: Item[] = [];
  const u = new Unpickler({
    file: 'mem.pkl',
    onRootItem: (k, v) => {
      const t = (k as PyTuple).items;
      const a = v as NdArray;
      items.push({ key: `${asText(t[0])},${String(t[1])}`, values: float32CArray(a).slice(), shape: a.shape });
    },
  });
  for (let i = 0; i < bytes.length; i += chunk) u.feed(bytes.subarray(i, i + chunk));
  u.end();
  return { items, protocol: u.protocol };
}

function seededFloats(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = ((s >>> 8) / 2 ** 24 - 0.5) * 0.02;
  }
  return out;
}

describe('Unpickler on Python-2 cPickle protocol 0 layout', () => {
  const entries = [
    { modulation: 'QPSK', snr: -20, shape: [3, 2, 128] as [number, number, number], data: seededFloats(3 * 256, 1) },
    { modulation: 'AM-SSB', snr: 18, shape: [2, 2, 128] as [number, number, number], data: seededFloats(2 * 256, 2) },
  ];
  const bytes = rmlP0Bytes(entries);

  it('reads every key and value bit-exactly, for any chunking', () => {
    for (const chunk of [1, 2, 3, 7, 64, 1000, bytes.length]) {
      const { items, protocol } = parse(bytes, chunk);
      expect(protocol).toBe(0);
      expect(items.map((i) => i.key)).toEqual(['QPSK,-20', 'AM-SSB,18']);
      expect(items[0].shape).toEqual([3, 2, 128]);
      expect(items[0].values).toEqual(entries[0].data);
      expect(items[1].values).toEqual(entries[1].data);
    }
  });

  it('reports a truncated file with its name and offset', () => {
    const cutAt = bytes.length - 5000;
    const u = new Unpickler({ file: 'cut.pkl', onRootItem: () => undefined });
    u.feed(bytes.subarray(0, cutAt));
    expect(() => u.end()).toThrow(AppError);
    try {
      u.end();
    } catch (e) {
      expect((e as AppError).code).toBe('BAD_FILE');
      expect((e as AppError).message).toMatch(/^cut\.pkl: at byte \d+: truncated/);
    }
  });

  it('drops released arrays from the memo: a later reference is refused, not kept alive', () => {
    // The second item refers to the first array via its memo slot (g6 in this layout).
    const text = bytes.toString('latin1');
    const firstArrayPut = /tRp(\d+)\n\(I1/.exec(text)![1];
    const second = text.indexOf("(g2\n") >= 0 ? text.indexOf('(g') : text.lastIndexOf("(S'AM-SSB'");
    const forged = Buffer.from(`${text.slice(0, second)}(S'BPSK'\nI0\ntg${firstArrayPut}\ns.`, 'latin1');
    expect(() => parse(forged, 4096)).toThrow(/already imported/);
  });
});

describe('Unpickler on pickles written by Python 3', () => {
  let dir: string;
  let ref: PythonReference;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amr-pickle-'));
    ref = writePythonPickles(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const proto of [0, 2, 4, 5]) {
    it(`protocol ${proto}: keys, counts, sums and first values match Python's`, () => {
      const bytes = readFileSync(join(dir, `p${proto}.pkl`));
      for (const chunk of [5, 333, 1 << 20]) {
        const { items, protocol } = parse(bytes, chunk);
        expect(protocol).toBe(proto);
        expect(items).toHaveLength(Object.keys(ref.keys).length);
        for (const item of items) {
          const [count, sum, first] = ref.keys[item.key];
          expect(item.shape).toEqual([count, 2, 128]);
          expect(sumOf([item.values])).toBeCloseTo(sum, 9);
          expect([...item.values.subarray(0, 4)]).toEqual(first.map(Math.fround));
        }
      }
    });
  }

  it('accepts the NumPy 2 module names (numpy._core)', () => {
    const renamed = Buffer.from(readFileSync(join(dir, 'p2.pkl')).toString('latin1').replaceAll('numpy.core.multiarray', 'numpy._core.multiarray'), 'latin1');
    expect(renamed.includes(Buffer.from('numpy._core'))).toBe(true);
    expect(parse(renamed, 4096).items).toHaveLength(Object.keys(ref.keys).length);
  });

  it('refuses os.system without running it, naming the global and the file', async () => {
    const file = join(dir, 'forbidden.pkl');
    const err = await importRmlPickle(file, collectingWriter()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('FORBIDDEN_GLOBAL');
    expect((err as AppError).message).toContain(file);
    expect((err as AppError).message).toContain('os.system');
    expect(existsSync(join(dir, 'marker'))).toBe(false);
  });

  it('streams the root dict: items are handed on before SETITEMS ends the batch', () => {
    const bytes = readFileSync(join(dir, 'p4.pkl'));
    const seenAt: number[] = [];
    const u = new Unpickler({ file: 'p4.pkl', onRootItem: () => seenAt.push(u.position) });
    for (let i = 0; i < bytes.length; i += 256) u.feed(bytes.subarray(i, i + 256));
    u.end();
    expect(seenAt).toHaveLength(6);
    // The whole dict is one SETITEMS batch; the first array is emitted long before its end.
    expect(seenAt[0]).toBeLessThan(bytes.length / 2);
  });
});

describe('Unpickler on Python 2 binary strings (cPickle protocol 2)', () => {
  // What cPickle.dump(d, f, 2) writes: SHORT_BINSTRING key and dtype names, BINSTRING array data.
  const values = seededFloats(256, 9);
  const raw = Buffer.from(values.buffer);
  const len = Buffer.alloc(4);
  len.writeInt32LE(raw.length);
  const bytes = Buffer.concat([
    Buffer.from('\x80\x02}q\x01(U\x04QPSKq\x02K\x06\x86q\x03cnumpy.core.multiarray\n_reconstruct\nq\x04cnumpy\nndarray\nq\x05K\x00\x85U\x01b\x87Rq\x06(K\x01K\x01K\x02K\x80\x87cnumpy\ndtype\nq\x07U\x02f4K\x00K\x01\x87Rq\x08(K\x03U\x01<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89T', 'latin1'),
    len,
    raw,
    Buffer.from('tbu.', 'latin1'),
  ]);

  it('reads SHORT_BINSTRING keys and BINSTRING data', () => {
    const { items, protocol } = parse(bytes, 10);
    expect(protocol).toBe(2);
    expect(items).toHaveLength(1);
    expect(items[0].key).toBe('QPSK,6');
    expect(items[0].values).toEqual(values);
  });
});

describe('importRmlPickle validation', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amr-pickle-v-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function importBytes(name: string, bytes: Buffer): Promise<unknown> {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return importRmlPickle(file, collectingWriter()).catch((e: unknown) => e);
  }

  it('rejects a wrong shape naming the key', async () => {
    const err = await importBytes('shape.pkl', rmlP0Bytes([{ modulation: 'BPSK', snr: 4, shape: [2, 2, 64], data: seededFloats(256, 3) }]));
    expect((err as AppError).code).toBe('BAD_FILE');
    expect((err as AppError).message).toMatch(/shape\.pkl: key \('BPSK', 4\): expected a float32 array of shape \(N, 2, 128\), found ndarray\(shape=\(2, 2, 64\)/);
  });

  it('rejects a wrong dtype naming the key', async () => {
    const parts: Buffer[] = [];
    const { CPickleP0Writer } = await import('../../../../helpers/rml-p0-writer.ts');
    const w = new CPickleP0Writer((b) => parts.push(b));
    w.begin();
    w.item('GFSK', 0, [1, 2, 128], new Uint8Array(new Float64Array(256).buffer), 'f8');
    w.end();
    const err = await importBytes('dtype.pkl', Buffer.concat(parts));
    expect((err as AppError).code).toBe('BAD_FILE');
    expect((err as AppError).message).toMatch(/key \('GFSK', 0\).*dtype=<f8/);
  });

  it('rejects a pickle whose root is not a dict', async () => {
    const err = await importBytes('list.pkl', Buffer.from('(lp1\nI1\na.'));
    expect((err as AppError).code).toBe('BAD_FILE');
    expect((err as AppError).message).toMatch(/list\.pkl: expected a dict/);
  });
});
