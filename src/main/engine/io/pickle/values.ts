// How Python values produced by the unpickler are represented in JS. Only data types exist
// here: the unpickler never builds anything that can run code.

/** A Python 2 `str` or a Python 3 `bytes`/`bytearray`. Python 2 strings are text as well as bytes. */
export class PyBytes {
  constructor(
    readonly bytes: Uint8Array,
    /** true for Python 2 `str` (STRING opcodes): read as latin-1 text where text is expected */
    readonly py2str: boolean,
  ) {}
}

/** Payload of a string opcode that was skipped (inspection mode): only its size is known, -1 when not counted. */
export class SkippedBytes {
  constructor(readonly length: number) {}
}

export class PyTuple {
  constructor(readonly items: readonly unknown[]) {}
}

export class PySet {
  readonly items = new Map<string, unknown>();
  constructor(readonly frozen: boolean) {}
  add(v: unknown): void {
    this.items.set(hashKey(v), v);
  }
}

export class PyDict {
  private readonly entries = new Map<string, [unknown, unknown]>();
  set(key: unknown, value: unknown): void {
    this.entries.set(hashKey(key), [key, value]);
  }
  get size(): number {
    return this.entries.size;
  }
  *items(): IterableIterator<[unknown, unknown]> {
    yield* this.entries.values();
  }
}

/** A reference to an allow-listed global (module.name after Python 2 → 3 name mapping). */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

/** Text of a Python str or Python 2 str (latin-1), or null for anything else. */
export function asText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v instanceof PyBytes && v.py2str) return Buffer.from(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength).toString('latin1');
  return null;
}

/**
 * Longest dict key or set item accepted, as its hashKey text. Memoised tuples nest in a few
 * bytes to any size (((a, a), (a, a)), …), so a key is measured while it is built, and work
 * per input byte stays bounded.
 */
export const maxKeyLength = 1024;

/** Python equality as a string key: 1 == 1.0 == True, and Python 2 str equals the same text. */
export function hashKey(v: unknown): string {
  const parts: string[] = [];
  let length = 0;
  const add = (s: string): void => {
    length += s.length;
    if (length > maxKeyLength) throw new RangeError(`a dict key or set item longer than ${maxKeyLength} characters`);
    parts.push(s);
  };
  const walk = (x: unknown): void => {
    if (x === null || x === undefined) add('N');
    else if (typeof x === 'boolean') add(`n${x ? 1 : 0}`);
    else if (typeof x === 'number' || typeof x === 'bigint') add(`n${String(x)}`);
    else if (typeof x === 'string') add(`s${x}`);
    else if (x instanceof PyBytes) {
      if (x.bytes.length > maxKeyLength) add(' '.repeat(maxKeyLength + 1));
      const text = Buffer.from(x.bytes.buffer, x.bytes.byteOffset, x.bytes.byteLength).toString('latin1');
      add(x.py2str ? `s${text}` : `b${text}`);
    } else if (x instanceof PyTuple) {
      add('t(');
      x.items.forEach((item, i) => {
        if (i > 0) add(',');
        walk(item);
      });
      add(')');
    } else if (x instanceof PyGlobal) add(`g${x.qualifiedName}`);
    else throw new TypeError(`unhashable type ${describe(x)}`);
  };
  walk(v);
  return parts.join('');
}

/** Longest description of a value in an error message (nested values are cut short, not expanded). */
const describeLength = 120;
const maxDescribeDepth = 8;

/** Short Python-like description of a value for error messages, at most about describeLength characters. */
export function describe(v: unknown): string {
  let left = describeLength;
  const walk = (x: unknown, depth: number): string => {
    if (left <= 0 || depth > maxDescribeDepth) return '…';
    const s = describeOne(x, (item) => walk(item, depth + 1));
    left -= s.length;
    return s;
  };
  const text = walk(v, 0);
  return text.length > describeLength ? `${text.slice(0, describeLength)}…` : text;
}

function describeOne(v: unknown, inner: (x: unknown) => string): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint') {
    const s = String(v);
    return s.length > 40 ? `${s.slice(0, 40)}…` : s;
  }
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v instanceof PyBytes) return v.py2str && v.bytes.length <= 40 ? JSON.stringify(asText(v)) : `bytes[${v.bytes.length}]`;
  if (v instanceof PyTuple) {
    const items: string[] = [];
    for (const item of v.items) {
      const s = inner(item);
      items.push(s);
      if (s === '…') break;
    }
    return `(${items.join(', ')}${v.items.length === 1 ? ',' : ''})`;
  }
  if (v instanceof PyGlobal) return v.qualifiedName;
  if (Array.isArray(v)) return `list[${v.length}]`;
  if (v instanceof PyDict) return `dict[${v.size}]`;
  if (v instanceof PySet) return `set[${v.items.size}]`;
  if (typeof v === 'object' && 'describe' in v && typeof (v as { describe: unknown }).describe === 'function') {
    return (v as { describe(): string }).describe();
  }
  return typeof v;
}
