// Decoders for the text forms of protocol 0: the Python 2 `S'…'` string literal (repr escapes,
// decoded incrementally straight from the input chunks) and the raw-unicode-escape `V` line.
import { bad } from './format-error.ts';

const hexValue = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) hexValue[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  hexValue[0x41 + i] = 10 + i;
  hexValue[0x61 + i] = 10 + i;
}

/** Byte produced by `\c` for the one-character escapes of Python's string literals, -1 if none. */
const simpleEscape = new Int16Array(256).fill(-1);
for (const [c, v] of [
  ['n', 10], ['t', 9], ['r', 13], ['\\', 92], ["'", 39], ['"', 34], ['a', 7], ['b', 8], ['f', 12], ['v', 11],
] as const) {
  simpleEscape[c.charCodeAt(0)] = v;
}

const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;

function isOctal(c: number): boolean {
  return c >= 0x30 && c <= 0x37;
}

/**
 * Decodes the argument of a STRING opcode, `'…'\n` or `"…"\n`, fed in pieces. The literal ends
 * at the first raw newline (repr escapes every newline inside). Output is the decoded bytes.
 */
export class EscapedStringDecoder {
  private out: Uint8Array;
  private length = 0;
  /** output length right after the latest escape: tells an escaped closing quote from a real one */
  private afterEscape = -1;
  private quote = -1;

  constructor(initialCapacity = 4096) {
    this.out = new Uint8Array(initialCapacity);
  }

  /**
   * Consume bytes of buf from pos. Returns the position after the terminating newline when the
   * literal is complete, or the position of the first unconsumed byte (an escape cut by the end
   * of buf, at most 3 bytes) when more input is needed; `final` means no more input will come.
   */
  feed(buf: Uint8Array, pos: number, final: boolean): { done: boolean; pos: number } {
    let i = pos;
    const end = buf.length;
    if (this.quote < 0) {
      if (i >= end) return { done: false, pos: i };
      const q = buf[i];
      if (q !== 0x27 && q !== 0x22) throw bad(`STRING argument must start with a quote, found byte 0x${q.toString(16)}`);
      this.quote = q;
      i++;
    }
    // Decoded output never exceeds the input it comes from: reserve once per call, no checks below.
    if (this.length + (end - i) > this.out.length) {
      const grown = new Uint8Array(Math.max(this.length + (end - i), this.out.length * 2));
      grown.set(this.out.subarray(0, this.length));
      this.out = grown;
    }
    const out = this.out;
    let o = this.length;
    while (i < end) {
      const c = buf[i];
      if (c !== BACKSLASH) {
        if (c === NEWLINE) {
          this.length = o;
          this.finish();
          return { done: true, pos: i + 1 };
        }
        out[o++] = c;
        i++;
        continue;
      }
      if (i + 1 >= end) break;
      const e = buf[i + 1];
      if (e === 0x78) {
        if (i + 3 >= end) break;
        const hi = hexValue[buf[i + 2]];
        const lo = hexValue[buf[i + 3]];
        if (hi < 0 || lo < 0) throw bad('invalid \\x escape in STRING argument');
        out[o++] = (hi << 4) | lo;
        i += 4;
      } else if (simpleEscape[e] >= 0) {
        out[o++] = simpleEscape[e];
        i += 2;
      } else if (isOctal(e)) {
        let n = 1;
        while (n < 3 && i + 1 + n < end && isOctal(buf[i + 1 + n])) n++;
        if (n < 3 && i + 1 + n >= end && !final) break;
        let v = 0;
        for (let k = 0; k < n; k++) v = v * 8 + (buf[i + 1 + k] - 0x30);
        out[o++] = v & 0xff;
        i += 1 + n;
      } else if (e === NEWLINE) {
        throw bad('STRING argument ends with a backslash');
      } else {
        // Python keeps unknown escapes verbatim.
        out[o++] = BACKSLASH;
        out[o++] = e;
        i += 2;
      }
      this.afterEscape = o;
    }
    this.length = o;
    if (final) throw bad('truncated inside a STRING argument');
    return { done: false, pos: i };
  }

  private finish(): void {
    if (this.length === 0 || this.out[this.length - 1] !== this.quote || this.afterEscape === this.length) {
      throw bad('STRING argument is not closed by its opening quote');
    }
    this.length--;
  }

  /** The decoded bytes; a tight copy when the reserved buffer is much larger. */
  result(): Uint8Array {
    return this.out.length > this.length * 1.25 + 64 ? this.out.slice(0, this.length) : this.out.subarray(0, this.length);
  }
}

/** Decode a raw-unicode-escape line (UNICODE opcode): latin-1 bytes plus \uXXXX and \UXXXXXXXX. */
export function decodeRawUnicodeEscape(buf: Uint8Array, start: number, end: number): string {
  if (buf.indexOf(BACKSLASH, start) < 0 || buf.indexOf(BACKSLASH, start) >= end) {
    return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
  }
  const units: number[] = [];
  let i = start;
  let backslashRun = 0;
  while (i < end) {
    const c = buf[i];
    // \u is an escape only after an odd run of backslashes.
    if (c === BACKSLASH) {
      backslashRun++;
      units.push(c);
      i++;
      continue;
    }
    if ((c === 0x75 || c === 0x55) && backslashRun % 2 === 1) {
      const digits = c === 0x75 ? 4 : 8;
      if (i + digits >= end) throw bad('truncated \\u escape in UNICODE argument');
      let cp = 0;
      for (let k = 1; k <= digits; k++) {
        const h = hexValue[buf[i + k]];
        if (h < 0) throw bad('invalid \\u escape in UNICODE argument');
        cp = cp * 16 + h;
      }
      if (cp > 0x10ffff) throw bad('\\U escape outside the Unicode range in UNICODE argument');
      units.pop();
      if (cp > 0xffff) {
        const v = cp - 0x10000;
        units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
      } else units.push(cp);
      i += digits + 1;
      backslashRun = 0;
      continue;
    }
    backslashRun = 0;
    units.push(c);
    i++;
  }
  let text = '';
  for (let k = 0; k < units.length; k += 8192) text += String.fromCharCode(...units.slice(k, k + 8192));
  return text;
}
