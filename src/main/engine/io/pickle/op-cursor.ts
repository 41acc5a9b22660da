// Reads one opcode's argument out of the chunk being parsed. When the chunk ends inside the
// argument, the cursor records what would complete it and throws INCOMPLETE: the unpickler keeps
// the opcode's bytes and runs the opcode again once more input arrives. At the end of the input
// a missing argument is a truncated file.
import { bad } from './format-error.ts';

/** `need` of an argument that ends at the next newline. */
export const NEED_LINE = -1;

/** Thrown (not an Error: nothing to report) when the chunk ends inside the current opcode. */
export const INCOMPLETE = Symbol('incomplete opcode');

export class OpCursor {
  buf: Buffer = Buffer.alloc(0);
  /** where the opcode byte is */
  start = 0;
  /** the next unread byte */
  pos = 0;
  /** no more input follows this chunk */
  final = false;
  /** after INCOMPLETE: the buffer index that completes the opcode, or NEED_LINE */
  need = 0;

  /** Points at the opcode at `start`, ready to read its argument. */
  reset(buf: Buffer, start: number, final: boolean): void {
    this.buf = buf;
    this.start = start;
    this.pos = start + 1;
    this.final = final;
  }

  /** Consumes n bytes and returns where they start. */
  bytes(n: number): number {
    if (this.buf.length - this.pos < n) this.incomplete(this.pos + n);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  uint8(): number {
    return this.buf[this.bytes(1)]!;
  }

  uint16(): number {
    return this.buf.readUInt16LE(this.bytes(2));
  }

  int32(): number {
    return this.buf.readInt32LE(this.bytes(4));
  }

  uint32(): number {
    return this.buf.readUInt32LE(this.bytes(4));
  }

  float64BE(): number {
    return this.buf.readDoubleBE(this.bytes(8));
  }

  /** An unsigned 8-byte length (BINBYTES8 and the like). */
  length8(): number {
    const n = this.buf.readBigUInt64LE(this.bytes(8));
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(`a string length of ${n} bytes is out of range`);
    return Number(n);
  }

  /** Consumes a text line and its newline; returns [first byte, newline position]. */
  lineRange(): [number, number] {
    const nl = this.buf.indexOf(0x0a, this.pos);
    if (nl < 0) this.incomplete(NEED_LINE);
    const range: [number, number] = [this.pos, nl];
    this.pos = nl + 1;
    return range;
  }

  /** A text line as latin-1, its newline consumed. */
  line(): string {
    const [a, b] = this.lineRange();
    return this.buf.toString('latin1', a, b);
  }

  /** Stops here until more input arrives (need: as for INCOMPLETE); at the end of input, a truncated file. */
  incomplete(need: number): never {
    if (this.final) throw bad('truncated: the data ends inside an opcode');
    this.need = need;
    throw INCOMPLETE;
  }
}
