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
import { INCOMPLETE, NEED_LINE, OpCursor } from './op-cursor.ts';
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

/** Memo slot of a large object already handed on; referencing it again is not supported. */
const RELEASED = Symbol('released');

const memoOpcodes = new Set<number>([Op.PUT, Op.BINPUT, Op.LONG_BINPUT, Op.MEMOIZE]);

type PayloadKind = 'py2str' | 'bytes' | 'bytearray' | 'unicode';

/** One opcode family's method, given the cursor at the opcode's argument. */
type OpMethod = (c: OpCursor, op: number) => void;

/** Width of the length prefix and kind of payload of each sized-string opcode. */
const sizedPayloads = new Map<number, [1 | 4 | 8, PayloadKind]>([
  [Op.BINSTRING, [4, 'py2str']],
  [Op.SHORT_BINSTRING, [1, 'py2str']],
  [Op.BINBYTES, [4, 'bytes']],
  [Op.SHORT_BINBYTES, [1, 'bytes']],
  [Op.BINBYTES8, [8, 'bytes']],
  [Op.BYTEARRAY8, [8, 'bytearray']],
  [Op.BINUNICODE, [4, 'unicode']],
  [Op.SHORT_BINUNICODE, [1, 'unicode']],
  [Op.BINUNICODE8, [8, 'unicode']],
]);

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
  /** decoded size of the latest large STRING: arrays of one file tend to share it */
  private lastLargeString = 0;
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
  private readonly cursor = new OpCursor();
  private readonly opcodes = this.opcodeTable();

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

  /** Parses the next piece of input; nothing keeps a reference to chunk once this returns. */
  feed(chunk: Buffer): void {
    if (this.mode === 'done' || chunk.length === 0) return;
    if (this.pendingLength > 0) {
      const enough =
        this.need === NEED_LINE ? chunk.indexOf(0x0a) >= 0 : this.pendingLength + chunk.length >= this.need;
      if (!enough) {
        if (this.pendingLength + chunk.length > MAX_LINE) throw this.wrap(bad(`a text line longer than ${MAX_LINE} bytes`));
        // A copy: the caller may reuse the chunk's memory once feed returns.
        this.pending.push(Buffer.from(chunk));
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
          pos = r.pos;
          if (r.done) {
            const bytes = this.escaped!.result();
            this.escaped = null;
            this.mode = 'op';
            if (bytes.length >= LARGE) this.lastLargeString = bytes.length;
            this.push(new PyBytes(bytes, true));
          }
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

  /** Runs the opcode at pos. Returns the position after it, or -1 after stashing an incomplete opcode. */
  private step(buf: Buffer, pos: number, final: boolean): number {
    const op = buf[pos]!;
    if (!textOpcodes.has(op)) this.binarySeen = true;
    // Hand on a finished item only once the opcodes memoising it have run.
    if (this.itemMayBeComplete && !memoOpcodes.has(op)) {
      this.itemMayBeComplete = false;
      this.emitCompletedStreamItem();
    }
    const run = this.opcodes[op];
    if (!run) throw bad(`unknown opcode 0x${op.toString(16).padStart(2, '0')}`);
    const c = this.cursor;
    c.reset(buf, pos, final);
    try {
      run(c, op);
    } catch (e) {
      if (e !== INCOMPLETE) throw e;
      this.stash(buf, pos, c.need);
      return -1;
    }
    return c.pos;
  }

  /** Opcode → the method of its family. Every method reads its whole argument before it changes any state. */
  private opcodeTable(): (OpMethod | undefined)[] {
    const table: (OpMethod | undefined)[] = [];
    const on = (ops: number[], method: OpMethod): void => {
      for (const op of ops) table[op] = method;
    };
    on([Op.MARK, Op.STOP, Op.POP, Op.POP_MARK, Op.DUP], (_c, op) => this.stackOp(op));
    on([Op.NONE, Op.NEWTRUE, Op.NEWFALSE], (_c, op) => this.push(op === Op.NONE ? null : op === Op.NEWTRUE));
    on([Op.INT, Op.LONG, Op.FLOAT], (c, op) => this.textNumber(c, op));
    on([Op.BININT, Op.BININT1, Op.BININT2, Op.BINFLOAT, Op.LONG1, Op.LONG4], (c, op) => this.binaryNumber(c, op));
    on([Op.STRING], (c) => this.quotedString(c));
    on([Op.UNICODE], (c) => this.push(decodeRawUnicodeEscape(c.buf, ...c.lineRange())));
    on([Op.BINSTRING, Op.SHORT_BINSTRING, Op.BINBYTES, Op.SHORT_BINBYTES, Op.BINBYTES8, Op.BYTEARRAY8, Op.BINUNICODE, Op.SHORT_BINUNICODE, Op.BINUNICODE8], (c, op) =>
      this.sizedPayload(c, op),
    );
    on([Op.EMPTY_TUPLE, Op.TUPLE1, Op.TUPLE2, Op.TUPLE3, Op.TUPLE], (_c, op) => this.tuple(op));
    on([Op.EMPTY_LIST, Op.LIST, Op.APPEND, Op.APPENDS], (_c, op) => this.listOp(op));
    on([Op.EMPTY_DICT, Op.DICT, Op.SETITEM, Op.SETITEMS], (_c, op) => this.dictOp(op));
    on([Op.EMPTY_SET, Op.ADDITEMS, Op.FROZENSET], (_c, op) => this.setOp(op));
    on([Op.GLOBAL, Op.INST, Op.STACK_GLOBAL], (c, op) => this.globalOp(c, op));
    on([Op.OBJ, Op.REDUCE, Op.NEWOBJ, Op.NEWOBJ_EX], (_c, op) => this.construct(op));
    on([Op.BUILD], () => this.build());
    on([Op.PUT, Op.BINPUT, Op.LONG_BINPUT, Op.MEMOIZE, Op.GET, Op.BINGET, Op.LONG_BINGET], (c, op) => this.memoOp(c, op));
    on([Op.PROTO, Op.FRAME, Op.READONLY_BUFFER], (c, op) => this.framing(c, op));
    on([Op.PERSID, Op.BINPERSID, Op.EXT1, Op.EXT2, Op.EXT4, Op.NEXT_BUFFER], (_c, op) => refuse(op));
    return table;
  }

  /** MARK, STOP, POP, POP_MARK, DUP. */
  private stackOp(op: number): void {
    switch (op) {
      case Op.MARK:
        if (this.metastack.length >= MAX_NESTING) throw bad(`nesting deeper than ${MAX_NESTING} levels`);
        this.metastack.push(this.stack);
        this.stack = [];
        if (this.rootDict && this.metastack.length === 1 && this.metastack[0]!.length === 1 && this.metastack[0]![0] === this.rootDict) {
          this.streamFrame = this.stack;
        }
        return;
      case Op.STOP:
        this.value = this.pop();
        this.mode = 'done';
        return;
      case Op.POP:
        if (this.stack.length > 0) this.stack.pop();
        else this.popMark();
        return;
      case Op.POP_MARK:
        this.popMark();
        return;
      default:
        this.push(this.top());
    }
  }

  /** INT, LONG, FLOAT: protocol 0's decimal text lines ('01' and '00' are True and False). */
  private textNumber(c: OpCursor, op: number): void {
    const s = c.line();
    if (op === Op.FLOAT) this.push(parseFloatText(s));
    else if (op === Op.LONG) this.push(parseIntText(s.endsWith('L') ? s.slice(0, -1) : s, 'LONG'));
    else this.push(s === '01' ? true : s === '00' ? false : parseIntText(s, 'INT'));
  }

  /** BININT, BININT1, BININT2, BINFLOAT, and LONG1/LONG4's little-endian two's complement. */
  private binaryNumber(c: OpCursor, op: number): void {
    switch (op) {
      case Op.BININT:
        return this.push(c.int32());
      case Op.BININT1:
        return this.push(c.uint8());
      case Op.BININT2:
        return this.push(c.uint16());
      case Op.BINFLOAT:
        return this.push(c.float64BE());
      default: {
        const n = op === Op.LONG1 ? c.uint8() : c.int32();
        if (op === Op.LONG4 && (n < 0 || n > 1 << 20)) throw bad(`LONG4 length ${n} is out of range`);
        this.push(decodeLong(c.buf, c.bytes(n), n));
      }
    }
  }

  /** STRING: a quoted, escaped Python 2 literal, decoded as it streams (skipped when inspecting a large one). */
  private quotedString(c: OpCursor): void {
    if (this.skip) {
      // Short literals (dict keys, dtype codes) are decoded even when inspecting.
      const nl = c.buf.indexOf(0x0a, c.pos);
      const seen = nl < 0 ? c.buf.length - c.pos : nl - c.pos;
      if (nl < 0 && seen < LARGE && !c.final) c.incomplete(NEED_LINE);
      if (seen >= LARGE) {
        this.mode = 'skip-line';
        return;
      }
    }
    this.escaped = new EscapedStringDecoder(undefined, this.lastLargeString);
    this.mode = 'escaped';
  }

  /** The length-prefixed strings, bytes and unicode of protocols 1–5. */
  private sizedPayload(c: OpCursor, op: number): void {
    const [width, kind] = sizedPayloads.get(op)!;
    let n: number;
    if (op === Op.BINSTRING) {
      n = c.int32();
      if (n < 0) throw bad(`BINSTRING has a negative length ${n}`);
    } else {
      n = width === 1 ? c.uint8() : width === 4 ? c.uint32() : c.length8();
    }
    c.pos = this.startPayload(c.buf, c.pos, n, kind);
  }

  /** EMPTY_TUPLE, TUPLE1–3 (from the stack's top), TUPLE (from the mark). */
  private tuple(op: number): void {
    if (op === Op.EMPTY_TUPLE) return this.push(new PyTuple([]));
    if (op === Op.TUPLE) return this.push(new PyTuple(this.popMark()));
    const n = op - Op.TUPLE1 + 1;
    if (this.stack.length < n) throw bad(`TUPLE${n} needs ${n} items on the stack`);
    this.push(new PyTuple(this.stack.splice(this.stack.length - n, n)));
  }

  /** EMPTY_LIST, LIST, APPEND, APPENDS. */
  private listOp(op: number): void {
    if (op === Op.EMPTY_LIST) return this.push([]);
    if (op === Op.LIST) return this.push(this.popMark());
    const items = op === Op.APPEND ? [this.pop()] : this.popMark();
    const list = this.listAt();
    for (const v of items) list.push(v);
  }

  /** EMPTY_DICT, DICT, SETITEM, SETITEMS (a SETITEMS batch of the root dict may stream its items). */
  private dictOp(op: number): void {
    switch (op) {
      case Op.EMPTY_DICT:
        return this.pushDict(new PyDict());
      case Op.DICT: {
        const items = this.popMark();
        if (items.length % 2 !== 0) throw bad('DICT needs key/value pairs');
        const d = new PyDict();
        for (let i = 0; i < items.length; i += 2) d.set(items[i], items[i + 1]);
        return this.pushDict(d);
      }
      case Op.SETITEM: {
        const v = this.pop();
        const k = this.pop();
        return this.setItem(this.dictAt(), k, v);
      }
      default: {
        const frame = this.stack;
        const items = this.popMark();
        if (items.length % 2 !== 0) throw bad('SETITEMS needs key/value pairs');
        const d = this.dictAt();
        for (let i = 0; i < items.length; i += 2) this.setItem(d, items[i], items[i + 1]);
        if (frame === this.streamFrame) this.streamFrame = null;
      }
    }
  }

  /** EMPTY_SET, ADDITEMS, FROZENSET. */
  private setOp(op: number): void {
    if (op === Op.EMPTY_SET) return this.push(new PySet(false));
    const items = this.popMark();
    if (op === Op.FROZENSET) {
      const s = new PySet(true);
      for (const v of items) s.add(v);
      return this.push(s);
    }
    const s = this.top();
    if (!(s instanceof PySet) || s.frozen) throw bad(`ADDITEMS needs a set, found ${describe(s)}`);
    for (const v of items) s.add(v);
  }

  /** GLOBAL and INST (module and name on two text lines), STACK_GLOBAL: allow-listed globals only. */
  private globalOp(c: OpCursor, op: number): void {
    if (op === Op.STACK_GLOBAL) {
      const name = asText(this.pop());
      const module = asText(this.pop());
      if (name === null || module === null) throw bad('STACK_GLOBAL needs a module and a name string');
      return this.push(resolveGlobal(module, name));
    }
    const module = c.line();
    const found = resolveGlobal(module, c.line());
    this.push(op === Op.INST ? callGlobal(found, this.popMark()) : found);
  }

  /** OBJ, REDUCE, NEWOBJ, NEWOBJ_EX: calls of allow-listed globals. */
  private construct(op: number): void {
    if (op === Op.OBJ) {
      const items = this.popMark();
      if (items.length === 0) throw bad('OBJ needs a class');
      return this.push(callGlobal(items[0], items.slice(1)));
    }
    const name = op === Op.REDUCE ? 'REDUCE' : op === Op.NEWOBJ ? 'NEWOBJ' : 'NEWOBJ_EX';
    const kwargs = op === Op.NEWOBJ_EX ? this.pop() : null;
    const args = this.pop();
    const fn = this.pop();
    if (!(args instanceof PyTuple)) throw bad(`${name} needs an argument tuple, found ${describe(args)}`);
    if (kwargs !== null && (!(kwargs instanceof PyDict) || kwargs.size > 0)) throw new PickleFormatError('UNSUPPORTED', 'NEWOBJ_EX with keyword arguments');
    this.push(callGlobal(fn, args.items));
    if (op === Op.REDUCE) this.itemMayBeComplete = true;
  }

  /** BUILD: the state of a NumPy array or dtype. */
  private build(): void {
    const state = this.pop();
    const target = this.top();
    if (target instanceof NdArray) setArrayState(target, state);
    else if (target instanceof DType) setDtypeState(target, state);
    else throw bad(`BUILD cannot set the state of ${describe(target)}`);
    this.itemMayBeComplete = true;
  }

  /** PUT/GET (decimal text line), BINPUT/BINGET (1 byte), LONG_BINPUT/LONG_BINGET (4 bytes), MEMOIZE. */
  private memoOp(c: OpCursor, op: number): void {
    if (op === Op.MEMOIZE) return this.memoPut(this.memo.size);
    const put = op === Op.PUT || op === Op.BINPUT || op === Op.LONG_BINPUT;
    let index: number;
    if (op === Op.PUT || op === Op.GET) index = Number(parseIntText(c.line(), put ? 'PUT' : 'GET'));
    else index = op === Op.BINPUT || op === Op.BINGET ? c.uint8() : c.uint32();
    if (put) this.memoPut(index);
    else this.memoGet(index);
  }

  /** PROTO, FRAME (only a read-ahead hint: opcodes parse the same inside and outside frames), READONLY_BUFFER. */
  private framing(c: OpCursor, op: number): void {
    if (op === Op.FRAME) c.bytes(8);
    if (op !== Op.PROTO) return;
    const v = c.uint8();
    if (v > HIGHEST_PROTOCOL) throw new PickleFormatError('UNSUPPORTED', `pickle protocol ${v} is newer than ${HIGHEST_PROTOCOL}`);
    this.protoDeclared ??= v;
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

/** Opcodes that reach outside the pickle: persistent ids, the extension registry, out-of-band buffers. */
function refuse(op: number): never {
  if (op === Op.EXT1 || op === Op.EXT2 || op === Op.EXT4) {
    throw new PickleFormatError('FORBIDDEN_GLOBAL', 'the pickle references a global through the extension registry, which is not allowed');
  }
  throw new PickleFormatError('UNSUPPORTED', op === Op.NEXT_BUFFER ? 'out-of-band buffers are not supported' : 'persistent IDs are not supported');
}
