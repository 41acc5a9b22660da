import { describe, expect, it } from 'vitest';
import { decodeRawUnicodeEscape, EscapedStringDecoder } from '../../../../../src/main/engine/io/pickle/escapes.ts';
import { py2Repr } from '../../../../helpers/rml-p0-writer.ts';
import { runPython } from '../python.ts';

function decodeInPieces(literal: Buffer, cut: number[]): Uint8Array {
  const dec = new EscapedStringDecoder(16);
  let carry = Buffer.alloc(0);
  let prev = 0;
  for (const at of [...cut, literal.length]) {
    const buf = Buffer.concat([carry, literal.subarray(prev, at)]);
    prev = at;
    const r = dec.feed(buf, 0, at === literal.length);
    if (r.done) return dec.result();
    carry = Buffer.from(buf.subarray(r.pos));
  }
  throw new Error('not done');
}

describe('EscapedStringDecoder', () => {
  const all = Uint8Array.from({ length: 512 }, (_, i) => (i * 37) & 0xff);

  it('inverts Python 2 repr for every byte value, cut at every position', () => {
    const literal = Buffer.concat([py2Repr(all.subarray(0, 120)), Buffer.from('\n')]);
    for (let cut = 0; cut <= literal.length; cut++) {
      expect(Buffer.from(decodeInPieces(literal, [cut]))).toEqual(Buffer.from(all.subarray(0, 120)));
    }
  });

  it('handles double-quoted literals and escaped quotes', () => {
    const text = Buffer.from(`it's`);
    const literal = Buffer.concat([py2Repr(text), Buffer.from('\n')]);
    expect(literal.toString()).toBe(`"it's"\n`);
    expect(Buffer.from(decodeInPieces(literal, [2])).toString()).toBe("it's");
    const both = Buffer.from(`a'"b`);
    expect(Buffer.from(decodeInPieces(Buffer.concat([py2Repr(both), Buffer.from('\n')]), [])).toString()).toBe(`a'"b`);
  });

  it('decodes octal and the other Python escapes', () => {
    const out = decodeInPieces(Buffer.from(`'\\101\\0\\7x\\a\\b\\f\\v\\q'\n`), [3, 4]);
    expect([...out]).toEqual([65, 0, 7, 0x78, 7, 8, 12, 11, 0x5c, 0x71]);
  });

  it('decodes literals written by Python as its own unpickler does, fed in pieces of any size', () => {
    // Python's repr of bytes is Python 2's str repr (\\xNN, \\n, \\t, \\r, \\\\, \\'): the STRING
    // argument of a protocol-0 pickle. Python checks that pickle.loads gives the bytes back.
    const made = runPython<{ literal: string; raw: string }[]>(`
import json, pickle, random
rng = random.Random(2016)
cases = [bytes(range(256)) * 3 + rng.randbytes(3000), b"it's", b"a\\\\'b\\n", rng.randbytes(70000)]
out = []
for raw in cases:
    literal = repr(raw)[1:].encode('ascii') + b'\\n'
    assert pickle.loads(b'S' + literal + b'.', encoding='bytes') == raw
    out.append({'literal': literal.hex(), 'raw': raw.hex()})
print(json.dumps(out))
`);
    for (const { literal: hex, raw } of made) {
      const literal = Buffer.from(hex, 'hex');
      const expected = Buffer.from(raw, 'hex');
      for (const piece of [1, 2, 3, 5, 4096, literal.length]) {
        const dec = new EscapedStringDecoder(16, 2048);
        let done = false;
        for (let at = 0; at < literal.length && !done; at += piece) {
          const buf = literal.subarray(at, at + piece);
          const r = dec.feed(buf, 0, at + piece >= literal.length);
          done = r.done;
          if (done) expect(r.pos).toBe(buf.length);
        }
        expect(done).toBe(true);
        expect(Buffer.from(dec.result()).equals(expected)).toBe(true);
      }
    }
  });

  it('keeps the start of an escape cut by the end of a piece, and needs nothing of that piece afterwards', () => {
    const literal = Buffer.from(`'a\\x41\\n\\'\\\\b'\n`);
    for (let cut = 1; cut < literal.length; cut++) {
      const dec = new EscapedStringDecoder(4);
      const first = Buffer.from(literal.subarray(0, cut));
      expect(dec.feed(first, 0, false)).toEqual({ done: false, pos: first.length });
      // The caller may reuse its buffer once feed returns.
      first.fill(0x58);
      const r = dec.feed(literal.subarray(cut), 0, true);
      expect(r).toEqual({ done: true, pos: literal.length - cut });
      expect(Buffer.from(dec.result()).toString('latin1')).toBe("aA\n'\\b");
    }
  });

  it('rejects an unterminated or badly closed literal', () => {
    expect(() => new EscapedStringDecoder().feed(Buffer.from(`'abc`), 0, true)).toThrow(/truncated/);
    expect(() => new EscapedStringDecoder().feed(Buffer.from(`'abc\\'\n`), 0, true)).toThrow(/not closed/);
    expect(() => new EscapedStringDecoder().feed(Buffer.from(`abc'\n`), 0, true)).toThrow(/quote/);
    expect(() => new EscapedStringDecoder().feed(Buffer.from(`'\\xZZ'\n`), 0, true)).toThrow(/\\x escape/);
  });
});

describe('decodeRawUnicodeEscape', () => {
  it('maps bytes as latin-1 and decodes \\u and \\U escapes', () => {
    const line = Buffer.from('a\\u005cb\\u00e9\\U0001F600\xff', 'latin1');
    expect(decodeRawUnicodeEscape(line, 0, line.length)).toBe('a\\bé😀\xff');
  });
  it('treats an even run of backslashes as literal', () => {
    const line = Buffer.from('\\\\u0041', 'latin1');
    expect(decodeRawUnicodeEscape(line, 0, line.length)).toBe('\\\\u0041');
  });
});
