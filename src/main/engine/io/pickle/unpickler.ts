// A resumable, push-driven unpickler (protocols 0–5) that executes nothing: it builds plain data,
// NumPy arrays and the allow-listed globals only. Input arrives as Buffer chunks of any size;
// opcodes, lines and payloads may be split anywhere. Items set into the top-level dict are
// handed to a callback as soon as they are complete and then dropped, so a multi-gigabyte
// dict of arrays is never held in memory.
import { AppError } from '../../../../shared/errors.ts';
import { decodeRawUnicodeEscape, EscapedStringDecoder } from './escapes.ts';
import { bad, PickleFormatError } from './format-error.ts';
import { callGlobal, resolveGlobal } from './globals.ts';
import { DType, NdArray, setArrayState, setDtypeState } from './numpy.ts';
import { HIGHEST_PROTOCOL, Op, textOpcodes } from './opcodes.ts';
import { asText, describe, PyBytes, PyDict, PySet, PyTuple, SkippedBytes } from './values.ts';

export interface UnpicklerOptions {
  /** the file being read, for error messages */
  file: string;
  /** receives each (key, value) set into the top-level dict; array bytes are released afterwards */
  onRootItem?: (key: unknown, value: unknown) => void;
  /** inspection mode: large string/bytes payloads are skipped, arrays keep only shape and dtype */
  skipPayloads?: boolean;
  /** size of the whole pickle when known: a payload longer than what is left is a truncated file */
  totalBytes?: number;
}

/** Payloads at least this long are "large": skipped in inspection, dropped from the memo once imported. */
const LARGE = 1024;
/** Longest text line accepted (protocol 0 unicode text of a large array fits). */
const MAX_LINE = 256 * 1024 * 1024;
const MAX_NESTING = 10_000;
const maxIntDigits = 4300;
const payloadStartBytes = 1 << 20;
const NEED_LINE = -1;

/** Memo slot of a large object already handed on; referencing it again is not supported. */
const RELEASED = Symbol('released');

const memoOpcodes = new Set<number>([Op.PUT, Op.BINPUT, Op.LONG_BINPUT, Op.MEMOIZE]);

type PayloadKind = 'py2str' | 'bytes' | 'bytearray' | 'unicode';

export class Unpickler {
  private stack: unknown[] = [];
  private readonly metastack: unknown[][] = [];
  private readonly memo = new Map<number, unknown>();
  /** memo slots holding large objects since the last root item */
  private largeMemo: number[] = [];
  private rootDict: PyDict | null = null;
  /** the MARK frame opened directly above the root dict (SETITEMS batch) */
  private streamFrame: unknown[] | null = null;
  /** set by REDUCE and BUILD: the current SETITEMS pair may now be a finished (key, array) */
  private itemMayBeComplete = false;

  private mode: 'op' | 'escaped' | 'payload' | 'skip-line' | 'skip-bytes' | 'done' = 'op';
  private escaped: EscapedStringDecoder | null = null;
  private payload: Uint8Array | null = null;
  private payloadKind: PayloadKind = 'bytes';
  private payloadFilled = 0;
  private payloadTotal = 0;

  private pending: Buffer[] = [];
  private pendingLength = 0;
  private need = 0;
  /** absolute offset of the first byte of the buffer being parsed */
  private offset = 0;
  private opStart = 0;

  private protoDeclared: number | null = null;
  private binarySeen = false;
  private value: unknown = undefined;
  private readonly skip: boolean;

  constructor(private readonly opts: UnpicklerOptions) {
    this.skip = opts.skipPayloads ?? false;
  }

  /** Protocol of the pickle: the PROTO opcode's, else 1 when binary opcodes occur, else 0. */
  get protocol(): number {
    return this.protoDeclared ?? (this.binarySeen ? 1 : 0);
  }

  get done(): boolean {
    return this.mode === 'done';
  }

  /** Bytes consumed so far (including bytes waiting for the rest of an opcode). */
  get position(): number {
    return this.offset + this.pendingLength;
  }

  /** The unpickled object; the top-level dict is empty when its items went to onRootItem. */
  get result(): unknown {
    return this.value;
  }

  feed(chunk: Buffer): void {
    if (this.mode === 'done' || chunk.length === 0) return;
    if (this.pendingLength > 0) {
      const enough =
        this.need === NEED_LINE ? chunk.indexOf(0x0a) >= 0 : this.pendingLength + chunk.length >= this.need;
      if (!enough) {
        if (this.pendingLength + chunk.length > MAX_LINE) throw this.wrap(bad(`a text line longer than ${MAX_LINE} bytes`));
        this.pending.push(chunk);
        this.pendingLength += chunk.length;
        return;
      }
      this.pending.push(chunk);
      chunk = Buffer.concat(this.pending, this.pendingLength + chunk.length);
      this.pending = [];
      this.pendingLength = 0;
    }
    this.guard(() => this.run(chunk, false));
  }

  /** Signal the end of input: a pickle that did not reach STOP is truncated. Returns the result. */
  end(): unknown {
    if (this.mode !== 'done') {
      const rest = Buffer.concat(this.pending, this.pendingLength);
      this.pending = [];
      this.pendingLength = 0;
      this.guard(() => this.run(rest, true));
      if (!this.done) throw this.wrap(bad('truncated: the data ends before the pickle is complete'), this.offset);
    }
    return this.value;
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      throw this.wrap(e);
    }
  }

  private wrap(e: unknown, at = this.opStart): unknown {
    if (e instanceof AppError) return e;
    const where = `${this.opts.file}: at byte ${at}`;
    if (e instanceof PickleFormatError) return new AppError(e.code, `${where}: ${e.message}`);
    if (e instanceof RangeError || e instanceof TypeError) return new AppError('BAD_FILE', `${where}: malformed pickle (${e.message})`);
    return new AppError('INTERNAL', `${where}: ${e instanceof Error ? e.message : String(e)}`);
  }

  private run(buf: Buffer, final: boolean): void {
    let pos = 0;
    while (pos < buf.length || (final && this.mode === 'escaped')) {
      switch (this.mode) {
        case 'op': {
          this.opStart = this.offset + pos;
          const next = this.step(buf, pos, final);
          if (next < 0) return;
          pos = next;
          break;
        }
        case 'escaped': {
          const r = this.escaped!.feed(buf, pos, final);
          if (!r.done) {
            this.stash(buf, r.pos, r.pos + 4);
            return;
          }
          const bytes = this.escaped!.result();
          this.escaped = null;
          this.mode = 'op';
          this.push(new PyBytes(bytes, true));
          pos = r.pos;
          break;
        }
        case 'payload': {
          const n = Math.min(this.payloadTotal - this.payloadFilled, buf.length - pos);
          this.growPayload(this.payloadFilled + n);
          this.payload!.set(buf.subarray(pos, pos + n), this.payloadFilled);
          this.payloadFilled += n;
          pos += n;
          if (this.payloadFilled === this.payloadTotal) {
            const bytes = this.payload!;
            this.payload = null;
            this.mode = 'op';
            this.push(this.payloadValue(this.payloadKind, bytes, 0, bytes.length));
          }
          break;
        }
        case 'skip-line': {
          const nl = buf.indexOf(0x0a, pos);
          if (nl < 0) {
            pos = buf.length;
          } else {
            pos = nl + 1;
            this.mode = 'op';
            this.push(new SkippedBytes(-1));
          }
          break;
        }
        case 'skip-bytes': {
          const n = Math.min(this.payloadTotal - this.payloadFilled, buf.length - pos);
          this.payloadFilled += n;
          pos += n;
          if (this.payloadFilled === this.payloadTotal) {
            this.mode = 'op';
            this.push(new SkippedBytes(this.payloadTotal));
          }
          break;
        }
        case 'done':
          return;
      }
    }
    this.offset += buf.length;
  }

  /** Keep buf[from…] for the next chunk; `need` is the byte count (from `from`) that completes it, or NEED_LINE. */
  private stash(buf: Buffer, from: number, need: number): void {
    this.offset += from;
    const rest = Buffer.from(buf.subarray(from));
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingLength = rest.length;
    this.need = need === NEED_LINE ? NEED_LINE : need - from;
  }

  private truncated(): PickleFormatError {
    return bad('truncated: the data ends inside an opcode');
  }

  /** Execute one opcode at pos. Returns the position after it, or -1 after stashing an incomplete opcode. */
  private step(buf: Buffer, pos: number, final: boolean): number {
    const start = pos;
    const op = buf[pos++];
    const avail = buf.length - pos;
    if (!textOpcodes.has(op)) this.binarySeen = true;
    // Hand on a finished item only once the opcodes memoising it have run.
    if (this.itemMayBeComplete && !memoOpcodes.has(op)) {
      this.itemMayBeComplete = false;
      this.emitCompletedStreamItem();
    }
    const needBytes = (n: number): boolean => {
      if (avail >= n) return true;
      if (final) throw this.truncated();
      this.stash(buf, start, start + 1 + n);
      return false;
    };
    const line = (): [number, number] | null => {
      const nl = buf.indexOf(0x0a, pos);
      if (nl >= 0) return [pos, nl];
      if (final) throw this.truncated();
      this.stash(buf, start, NEED_LINE);
      return null;
    };
    const text = (a: number, b: number): string => buf.toString('latin1', a, b);
    /** The memo index of PUT/GET (decimal text line), BIN* (1 byte) or LONG_BIN* (4 bytes LE). */
    const memoArgument = (): { index: number; next: number } | null => {
      if (op === Op.PUT || op === Op.GET) {
        const l = line();
        return l && { index: Number(parseIntText(text(l[0], l[1]), op === Op.PUT ? 'PUT' : 'GET')), next: l[1] + 1 };
      }
      const width = op === Op.BINPUT || op === Op.BINGET ? 1 : 4;
      if (!needBytes(width)) return null;
      return { index: width === 1 ? buf[pos]! : buf.readUInt32LE(pos), next: pos + width };
    };

    switch (op) {
      case Op.MARK:
        if (this.metastack.length >= MAX_NESTING) throw bad(`nesting deeper than ${MAX_NESTING} levels`);
        this.metastack.push(this.stack);
        this.stack = [];
        if (this.rootDict && this.metastack.length === 1 && this.metastack[0].length === 1 && this.metastack[0][0] === this.rootDict) {
          this.streamFrame = this.stack;
        }
        return pos;
      case Op.STOP:
        this.value = this.pop();
        this.mode = 'done';
        return pos;
      case Op.POP:
        if (this.stack.length > 0) this.stack.pop();
        else this.popMark();
        return pos;
      case Op.POP_MARK:
        this.popMark();
        return pos;
      case Op.DUP:
        this.push(this.top());
        return pos;
      case Op.NONE:
        this.push(null);
        return pos;
      case Op.NEWTRUE:
        this.push(true);
        return pos;
      case Op.NEWFALSE:
        this.push(false);
        return pos;
      case Op.INT: {
        const l = line();
        if (!l) return -1;
        const s = text(l[0], l[1]);
        this.push(s === '01' ? true : s === '00' ? false : parseIntText(s, 'INT'));
        return l[1] + 1;
      }
      case Op.LONG: {
        const l = line();
        if (!l) return -1;
        const s = text(l[0], l[1]);
        this.push(parseIntText(s.endsWith('L') ? s.slice(0, -1) : s, 'LONG'));
        return l[1] + 1;
      }
      case Op.FLOAT: {
        const l = line();
        if (!l) return -1;
        this.push(parseFloatText(text(l[0], l[1])));
        return l[1] + 1;
      }
      case Op.BININT:
        if (!needBytes(4)) return -1;
        this.push(buf.readInt32LE(pos));
        return pos + 4;
      case Op.BININT1:
        if (!needBytes(1)) return -1;
        this.push(buf[pos]);
        return pos + 1;
      case Op.BININT2:
        if (!needBytes(2)) return -1;
        this.push(buf.readUInt16LE(pos));
        return pos + 2;
      case Op.BINFLOAT:
        if (!needBytes(8)) return -1;
        this.push(buf.readDoubleBE(pos));
        return pos + 8;
      case Op.LONG1: {
        if (!needBytes(1)) return -1;
        const n = buf[pos];
        if (!needBytes(1 + n)) return -1;
        this.push(decodeLong(buf, pos + 1, n));
        return pos + 1 + n;
      }
      case Op.LONG4: {
        if (!needBytes(4)) return -1;
        const n = buf.readInt32LE(pos);
        if (n < 0 || n > 1 << 20) throw bad(`LONG4 length ${n} is out of range`);
        if (!needBytes(4 + n)) return -1;
        this.push(decodeLong(buf, pos + 4, n));
        return pos + 4 + n;
      }
      case Op.STRING: {
        if (this.skip) {
          // Short literals (dict keys, dtype codes) are decoded even when inspecting.
          const nl = buf.indexOf(0x0a, pos);
          const seen = nl < 0 ? buf.length - pos : nl - pos;
          if (nl < 0 && seen < LARGE && !final) {
            this.stash(buf, start, NEED_LINE);
            return -1;
          }
          if (seen >= LARGE) {
            this.mode = 'skip-line';
            return pos;
          }
        }
        this.escaped = new EscapedStringDecoder();
        this.mode = 'escaped';
        return pos;
      }
      case Op.UNICODE: {
        const l = line();
        if (!l) return -1;
        this.push(decodeRawUnicodeEscape(buf, l[0], l[1]));
        return l[1] + 1;
      }
      case Op.BINSTRING: {
        if (!needBytes(4)) return -1;
        const n = buf.readInt32LE(pos);
        if (n < 0) throw bad(`BINSTRING has a negative length ${n}`);
        return this.startPayload(buf, pos + 4, n, 'py2str');
      }
      case Op.SHORT_BINSTRING:
        return this.lengthPrefixedPayload(buf, start, final, 1, 'py2str');
      case Op.BINBYTES:
        return this.lengthPrefixedPayload(buf, start, final, 4, 'bytes');
      case Op.SHORT_BINBYTES:
        return this.lengthPrefixedPayload(buf, start, final, 1, 'bytes');
      case Op.BINBYTES8:
        return this.lengthPrefixedPayload(buf, start, final, 8, 'bytes');
      case Op.BYTEARRAY8:
        return this.lengthPrefixedPayload(buf, start, final, 8, 'bytearray');
      case Op.BINUNICODE:
        return this.lengthPrefixedPayload(buf, start, final, 4, 'unicode');
      case Op.SHORT_BINUNICODE:
        return this.lengthPrefixedPayload(buf, start, final, 1, 'unicode');
      case Op.BINUNICODE8:
        return this.lengthPrefixedPayload(buf, start, final, 8, 'unicode');
      case Op.EMPTY_TUPLE:
        this.push(new PyTuple([]));
        return pos;
      case Op.TUPLE1:
      case Op.TUPLE2:
      case Op.TUPLE3: {
        const n = op - Op.TUPLE1 + 1;
        if (this.stack.length < n) throw bad(`TUPLE${n} needs ${n} items on the stack`);
        this.push(new PyTuple(this.stack.splice(this.stack.length - n, n)));
        return pos;
      }
      case Op.TUPLE:
        this.push(new PyTuple(this.popMark()));
        return pos;
      case Op.EMPTY_LIST:
        this.push([]);
        return pos;
      case Op.LIST:
        this.push(this.popMark());
        return pos;
      case Op.APPEND: {
        const v = this.pop();
        this.listAt().push(v);
        return pos;
      }
      case Op.APPENDS: {
        const items = this.popMark();
        const list = this.listAt();
        for (const v of items) list.push(v);
        return pos;
      }
      case Op.EMPTY_DICT:
        this.pushDict(new PyDict());
        return pos;
      case Op.DICT: {
        const items = this.popMark();
        if (items.length % 2 !== 0) throw bad('DICT needs key/value pairs');
        const d = new PyDict();
        for (let i = 0; i < items.length; i += 2) d.set(items[i], items[i + 1]);
        this.pushDict(d);
        return pos;
      }
      case Op.SETITEM: {
        const v = this.pop();
        const k = this.pop();
        this.setItem(this.dictAt(), k, v);
        return pos;
      }
      case Op.SETITEMS: {
        const frame = this.stack;
        const items = this.popMark();
        if (items.length % 2 !== 0) throw bad('SETITEMS needs key/value pairs');
        const d = this.dictAt();
        for (let i = 0; i < items.length; i += 2) this.setItem(d, items[i], items[i + 1]);
        if (frame === this.streamFrame) this.streamFrame = null;
        return pos;
      }
      case Op.EMPTY_SET:
        this.push(new PySet(false));
        return pos;
      case Op.ADDITEMS: {
        const items = this.popMark();
        const s = this.top();
        if (!(s instanceof PySet) || s.frozen) throw bad(`ADDITEMS needs a set, found ${describe(s)}`);
        for (const v of items) s.add(v);
        return pos;
      }
      case Op.FROZENSET: {
        const s = new PySet(true);
        for (const v of this.popMark()) s.add(v);
        this.push(s);
        return pos;
      }
      case Op.GLOBAL: {
        const l1 = line();
        if (!l1) return -1;
        const nl2 = buf.indexOf(0x0a, l1[1] + 1);
        if (nl2 < 0) {
          if (final) throw this.truncated();
          this.stash(buf, start, NEED_LINE);
          return -1;
        }
        this.push(resolveGlobal(text(l1[0], l1[1]), text(l1[1] + 1, nl2)));
        return nl2 + 1;
      }
      case Op.STACK_GLOBAL: {
        const name = asText(this.pop());
        const module = asText(this.pop());
        if (name === null || module === null) throw bad('STACK_GLOBAL needs a module and a name string');
        this.push(resolveGlobal(module, name));
        return pos;
      }
      case Op.INST: {
        const l1 = line();
        if (!l1) return -1;
        const nl2 = buf.indexOf(0x0a, l1[1] + 1);
        if (nl2 < 0) {
          if (final) throw this.truncated();
          this.stash(buf, start, NEED_LINE);
          return -1;
        }
        const cls = resolveGlobal(text(l1[0], l1[1]), text(l1[1] + 1, nl2));
        this.push(callGlobal(cls, this.popMark()));
        return nl2 + 1;
      }
      case Op.OBJ: {
        const items = this.popMark();
        if (items.length === 0) throw bad('OBJ needs a class');
        this.push(callGlobal(items[0], items.slice(1)));
        return pos;
      }
      case Op.REDUCE: {
        const args = this.pop();
        const fn = this.pop();
        if (!(args instanceof PyTuple)) throw bad(`REDUCE needs an argument tuple, found ${describe(args)}`);
        this.push(callGlobal(fn, args.items));
        this.itemMayBeComplete = true;
        return pos;
      }
      case Op.NEWOBJ: {
        const args = this.pop();
        const cls = this.pop();
        if (!(args instanceof PyTuple)) throw bad(`NEWOBJ needs an argument tuple, found ${describe(args)}`);
        this.push(callGlobal(cls, args.items));
        return pos;
      }
      case Op.NEWOBJ_EX: {
        const kwargs = this.pop();
        const args = this.pop();
        const cls = this.pop();
        if (!(args instanceof PyTuple)) throw bad(`NEWOBJ_EX needs an argument tuple, found ${describe(args)}`);
        if (!(kwargs instanceof PyDict) || kwargs.size > 0) throw new PickleFormatError('UNSUPPORTED', 'NEWOBJ_EX with keyword arguments');
        this.push(callGlobal(cls, args.items));
        return pos;
      }
      case Op.BUILD: {
        const state = this.pop();
        const target = this.top();
        if (target instanceof NdArray) setArrayState(target, state);
        else if (target instanceof DType) setDtypeState(target, state);
        else throw bad(`BUILD cannot set the state of ${describe(target)}`);
        this.itemMayBeComplete = true;
        return pos;
      }
      case Op.PUT:
      case Op.BINPUT:
      case Op.LONG_BINPUT: {
        const arg = memoArgument();
        if (!arg) return -1;
        this.memoPut(arg.index);
        return arg.next;
      }
      case Op.MEMOIZE:
        this.memoPut(this.memo.size);
        return pos;
      case Op.GET:
      case Op.BINGET:
      case Op.LONG_BINGET: {
        const arg = memoArgument();
        if (!arg) return -1;
        this.memoGet(arg.index);
        return arg.next;
      }
      case Op.PROTO: {
        if (!needBytes(1)) return -1;
        const v = buf[pos];
        if (v > HIGHEST_PROTOCOL) throw new PickleFormatError('UNSUPPORTED', `pickle protocol ${v} is newer than ${HIGHEST_PROTOCOL}`);
        this.protoDeclared ??= v;
        return pos + 1;
      }
      case Op.FRAME:
        // Frames are only a read-ahead hint; opcodes are parsed the same inside and outside them.
        if (!needBytes(8)) return -1;
        return pos + 8;
      case Op.READONLY_BUFFER:
        return pos;
      case Op.PERSID:
      case Op.BINPERSID:
        throw new PickleFormatError('UNSUPPORTED', 'persistent IDs are not supported');
      case Op.EXT1:
      case Op.EXT2:
      case Op.EXT4:
        throw new PickleFormatError('FORBIDDEN_GLOBAL', 'the pickle references a global through the extension registry, which is not allowed');
      case Op.NEXT_BUFFER:
        throw new PickleFormatError('UNSUPPORTED', 'out-of-band buffers are not supported');
      default:
        throw bad(`unknown opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }

  /**
   * The opcode at start is followed by an unsigned length of width bytes, then that many bytes of
   * payload. Returns the position after what was taken, or -1 after stashing an incomplete length.
   */
  private lengthPrefixedPayload(buf: Buffer, start: number, final: boolean, width: 1 | 4 | 8, kind: PayloadKind): number {
    const pos = start + 1;
    if (buf.length - pos < width) {
      if (final) throw this.truncated();
      this.stash(buf, start, pos + width);
      return -1;
    }
    const n = width === 1 ? buf[pos] : width === 4 ? buf.readUInt32LE(pos) : readLength8(buf, pos);
    return this.startPayload(buf, pos + width, n, kind);
  }

  /** Start a length-prefixed payload at pos: take it at once when buf holds it, else stream it. */
  private startPayload(buf: Buffer, pos: number, n: number, kind: PayloadKind): number {
    const left = this.opts.totalBytes !== undefined ? this.opts.totalBytes - (this.offset + pos) : Infinity;
    if (n > left) throw bad(`truncated: a ${n}-byte string is declared but only ${left} bytes remain`);
    if (n > 0x7fffffff) throw new PickleFormatError('UNSUPPORTED', `a ${n}-byte string is larger than supported`);
    if (this.skip && n >= LARGE) {
      this.payloadTotal = n;
      this.payloadFilled = 0;
      this.mode = 'skip-bytes';
      return pos;
    }
    if (buf.length - pos >= n) {
      this.push(this.payloadValue(kind, buf, pos, pos + n));
      return pos + n;
    }
    // Allocated as the bytes arrive: a declared length is only a claim (an archive's size is not known up front).
    this.payload = new Uint8Array(Math.min(n, payloadStartBytes));
    this.payloadKind = kind;
    this.payloadFilled = 0;
    this.payloadTotal = n;
    this.mode = 'payload';
    return pos;
  }

  private growPayload(needed: number): void {
    const old = this.payload!;
    if (needed <= old.length) return;
    const grown = new Uint8Array(Math.min(this.payloadTotal, Math.max(needed, 2 * old.length)));
    grown.set(old.subarray(0, this.payloadFilled));
    this.payload = grown;
  }

  private payloadValue(kind: PayloadKind, src: Uint8Array, a: number, b: number): unknown {
    if (kind === 'unicode') return Buffer.from(src.buffer, src.byteOffset + a, b - a).toString('utf8');
    // Own the bytes (the chunk they came from is reused or dropped).
    const own = a === 0 && b === src.length && !(src instanceof Buffer) ? src : new Uint8Array(src.subarray(a, b));
    return new PyBytes(own, kind === 'py2str');
  }

  private push(v: unknown): void {
    this.stack.push(v);
  }

  private pop(): unknown {
    if (this.stack.length === 0) throw bad('stack underflow');
    return this.stack.pop();
  }

  private top(): unknown {
    if (this.stack.length === 0) throw bad('stack underflow');
    return this.stack[this.stack.length - 1];
  }

  private popMark(): unknown[] {
    const items = this.stack;
    const prev = this.metastack.pop();
    if (!prev) throw bad('MARK expected on the stack');
    this.stack = prev;
    return items;
  }

  private listAt(): unknown[] {
    const list = this.top();
    if (!Array.isArray(list)) throw bad(`APPEND needs a list, found ${describe(list)}`);
    return list;
  }

  private dictAt(): PyDict {
    const d = this.top();
    if (!(d instanceof PyDict)) throw bad(`SETITEM needs a dict, found ${describe(d)}`);
    return d;
  }

  private pushDict(d: PyDict): void {
    this.push(d);
    if (this.rootDict === null && this.metastack.length === 0 && this.stack.length === 1) this.rootDict = d;
  }

  private setItem(d: PyDict, key: unknown, value: unknown): void {
    if (d === this.rootDict && this.opts.onRootItem) this.emitRoot(key, value);
    else d.set(key, value);
  }

  /** Inside a SETITEMS batch of the root dict, hand on a (key, array) pair as soon as the array is built. */
  private emitCompletedStreamItem(): void {
    const frame = this.stack;
    if (frame !== this.streamFrame || frame.length !== 2 || !this.opts.onRootItem) return;
    const value = frame[1];
    if (!(value instanceof NdArray) || !value.complete) return;
    const key = frame[0];
    frame.length = 0;
    this.emitRoot(key, value);
  }

  private emitRoot(key: unknown, value: unknown): void {
    if (value instanceof NdArray && value.released) {
      throw new PickleFormatError('UNSUPPORTED', `key ${describe(key)} reuses the array of an earlier key`);
    }
    this.opts.onRootItem!(key, value);
    if (value instanceof NdArray) value.release();
    for (const slot of this.largeMemo) this.memo.set(slot, RELEASED);
    this.largeMemo = [];
  }

  private memoPut(index: number): void {
    if (!Number.isSafeInteger(index) || index < 0) throw bad(`invalid memo index ${index}`);
    const v = this.top();
    this.memo.set(index, v);
    if (isLarge(v)) this.largeMemo.push(index);
  }

  private memoGet(index: number): void {
    const v = this.memo.get(index);
    if (v === undefined) throw bad(`memo entry ${index} is not defined`);
    if (v === RELEASED) {
      throw new PickleFormatError('UNSUPPORTED', `memo entry ${index} refers to array data that was already imported under another key`);
    }
    this.push(v);
  }
}

function isLarge(v: unknown): boolean {
  if (v instanceof NdArray || v instanceof SkippedBytes) return true;
  if (v instanceof PyBytes) return v.bytes.length >= LARGE;
  return typeof v === 'string' && v.length >= LARGE;
}

function parseIntText(s: string, what: string): number | bigint {
  const t = s.trim();
  // Decimal text converts in time quadratic in its length; Python itself stops at 4300 digits.
  if (t.length > maxIntDigits) throw bad(`${what} argument has ${t.length} digits, more than ${maxIntDigits}`);
  if (!/^[+-]?\d+$/.test(t)) throw bad(`${what} argument ${JSON.stringify(s.slice(0, 40))} is not an integer`);
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : BigInt(t);
}

function parseFloatText(s: string): number {
  const t = s.trim().toLowerCase();
  if (t === 'nan' || t === '+nan' || t === '-nan') return NaN;
  if (t === 'inf' || t === '+inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  const n = Number(t);
  if (t === '' || Number.isNaN(n)) throw bad(`FLOAT argument ${JSON.stringify(s.slice(0, 40))} is not a number`);
  return n;
}

/** Little-endian two's-complement integer of n bytes (LONG1/LONG4), in time linear in n. */
function decodeLong(buf: Buffer, at: number, n: number): number | bigint {
  if (n === 0) return 0;
  const bigEndian = Buffer.from(buf.subarray(at, at + n)).reverse();
  let v = BigInt(`0x${bigEndian.toString('hex')}`);
  if (buf[at + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function readLength8(buf: Buffer, at: number): number {
  const n = buf.readBigUInt64LE(at);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(`a string length of ${n} bytes is out of range`);
  return Number(n);
}

