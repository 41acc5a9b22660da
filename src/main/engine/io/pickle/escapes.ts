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
  /** the start of an escape cut by the end of the previous piece (at most 3 bytes) */
  private carry: Uint8Array | null = null;

  /**
   * sizeHint: the decoded size expected (e.g. the previous array's), reserved as soon as the
   * literal outgrows the first small buffer, so large arrays decode without regrowing.
   */
  constructor(
    initialCapacity = 4096,
    private readonly sizeHint = 0,
  ) {
    this.out = new Uint8Array(initialCapacity);
  }

  /**
   * Consume bytes of buf from pos. Returns the position after the terminating newline when the
   * literal is complete; otherwise every byte was consumed (an escape cut by the end of buf is
   * kept for the next piece). `final` means no more input will come.
   */
  feed(buf: Uint8Array, pos: number, final: boolean): { done: boolean; pos: number } {
    let i = pos;
    const end = buf.length;
    if (this.quote < 0) {
      if (i >= end) {
        if (final) throw bad('truncated inside a STRING argument');
        return { done: false, pos: i };
      }
      const q = buf[i];
      if (q !== 0x27 && q !== 0x22) throw bad(`STRING argument must start with a quote, found byte 0x${q.toString(16)}`);
      this.quote = q;
      i++;
    }
    if (this.carry) {
      i = this.resumeCarry(buf, i, final);
      if (this.carry) return { done: false, pos: end };
    }
    while (i < end) {
      i = this.decodeRun(buf, i, end);
      if (i >= end) break;
      this.reserve(2);
      const c = buf[i];
      if (c === NEWLINE) {
        this.finish();
        return { done: true, pos: i + 1 };
      }
      if (c !== BACKSLASH) {
        this.out[this.length++] = c;
        i++;
        continue;
      }
      const next = this.escape(buf, i, end, final);
      if (next < 0) {
        // A copy (Buffer's slice would share the memory the caller reuses).
        this.carry = new Uint8Array(buf.subarray(i, end));
        return { done: false, pos: end };
      }
      i = next;
    }
    if (final) throw bad('truncated inside a STRING argument');
    return { done: false, pos: end };
  }

  /**
   * The bulk of the work: plain bytes and `\xNN` escapes, without a data-dependent branch (in
   * random float data the two are mixed unpredictably, and a mispredicted branch per byte costs
   * more than decoding both ways). Stops before anything else — a newline, another escape, the
   * last 3 bytes of buf, a full output buffer — and returns where it stopped.
   */
  private decodeRun(buf: Uint8Array, from: number, end: number): number {
    let i = from;
    let o = this.length;
    const out = this.out;
    // Each step reads up to 4 input bytes and writes 1 output byte.
    const stop = Math.min(end - 3, i + (out.length - o));
    let invalid = 0;
    let afterEscape = this.afterEscape;
    while (i < stop) {
      const c = buf[i];
      const notBackslash = c ^ BACKSLASH;
      // 1 when the condition holds, else 0 (operands are bytes, so x - 1 is negative only for x = 0)
      const isBackslash = (notBackslash - 1) >>> 31;
      const isHex = ((notBackslash | (buf[i + 1] ^ 0x78)) - 1) >>> 31;
      const isNewline = ((c ^ NEWLINE) - 1) >>> 31;
      if ((isNewline | (isBackslash ^ isHex)) !== 0) break;
      const hex = (hexValue[buf[i + 2]] << 4) | hexValue[buf[i + 3]];
      const mask = -isHex;
      invalid |= hex & mask;
      out[o++] = c ^ ((c ^ hex) & mask);
      afterEscape ^= (afterEscape ^ o) & mask;
      i += 1 + 3 * isHex;
    }
    this.length = o;
    this.afterEscape = afterEscape;
    if (invalid < 0) throw bad('invalid \\x escape in STRING argument');
    if (o === out.length) this.reserve(1);
    return i;
  }

  /** Decodes the escape at buf[i] (a backslash). Returns the position after it, or -1 when buf ends inside it. */
  private escape(buf: Uint8Array, i: number, end: number, final: boolean): number {
    if (i + 1 >= end) return final ? truncated() : -1;
    const out = this.out;
    const e = buf[i + 1];
    let next: number;
    if (e === 0x78) {
      if (i + 3 >= end) return final ? truncated() : -1;
      const hi = hexValue[buf[i + 2]];
      const lo = hexValue[buf[i + 3]];
      if (hi < 0 || lo < 0) throw bad('invalid \\x escape in STRING argument');
      out[this.length++] = (hi << 4) | lo;
      next = i + 4;
    } else if (simpleEscape[e] >= 0) {
      out[this.length++] = simpleEscape[e];
      next = i + 2;
    } else if (isOctal(e)) {
      let n = 1;
      while (n < 3 && i + 1 + n < end && isOctal(buf[i + 1 + n])) n++;
      if (n < 3 && i + 1 + n >= end && !final) return -1;
      let v = 0;
      for (let k = 0; k < n; k++) v = v * 8 + (buf[i + 1 + k] - 0x30);
      out[this.length++] = v & 0xff;
      next = i + 1 + n;
    } else if (e === NEWLINE) {
      throw bad('STRING argument ends with a backslash');
    } else {
      // Python keeps unknown escapes verbatim.
      out[this.length++] = BACKSLASH;
      out[this.length++] = e;
      next = i + 2;
    }
    this.afterEscape = this.length;
    return next;
  }

  /** Completes the escape cut at the end of the previous piece with the first bytes of buf; returns where buf continues. */
  private resumeCarry(buf: Uint8Array, pos: number, final: boolean): number {
    const carry = this.carry!;
    const take = Math.min(4, buf.length - pos);
    const joined = new Uint8Array(carry.length + take);
    joined.set(carry);
    joined.set(buf.subarray(pos, pos + take), carry.length);
    this.reserve(2);
    const next = this.escape(joined, 0, joined.length, final && take === buf.length - pos);
    if (next < 0) {
      this.carry = joined;
      return buf.length;
    }
    this.carry = null;
    return pos + next - carry.length;
  }

  /** Room for n more output bytes: doubling, or straight to the size hint when that is larger. */
  private reserve(n: number): void {
    if (this.length + n <= this.out.length) return;
    const grown = new Uint8Array(Math.max(this.length + n, this.out.length * 2, this.sizeHint + 64));
    grown.set(this.out.subarray(0, this.length));
    this.out = grown;
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

function truncated(): never {
  throw bad('truncated inside a STRING argument');
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
