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

/** Python equality as a string key: 1 == 1.0 == True, and Python 2 str equals the same text. */
export function hashKey(v: unknown): string {
  if (v === null || v === undefined) return 'N';
  if (typeof v === 'boolean') return `n${v ? 1 : 0}`;
  if (typeof v === 'number' || typeof v === 'bigint') return `n${String(v)}`;
  if (typeof v === 'string') return `s${v}`;
  if (v instanceof PyBytes) {
    const text = Buffer.from(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength).toString('latin1');
    return v.py2str ? `s${text}` : `b${text}`;
  }
  if (v instanceof PyTuple) return `t(${v.items.map(hashKey).join(',')})`;
  if (v instanceof PyGlobal) return `g${v.qualifiedName}`;
  throw new TypeError(`unhashable type ${describe(v)}`);
}

/** Short Python-like description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v instanceof PyBytes) return v.py2str && v.bytes.length <= 40 ? JSON.stringify(asText(v)) : `bytes[${v.bytes.length}]`;
  if (v instanceof PyTuple) return `(${v.items.map(describe).join(', ')}${v.items.length === 1 ? ',' : ''})`;
  if (v instanceof PyGlobal) return v.qualifiedName;
  if (Array.isArray(v)) return `list[${v.length}]`;
  if (v instanceof PyDict) return `dict[${v.size}]`;
  if (v instanceof PySet) return `set[${v.items.size}]`;
  if (typeof v === 'object' && 'describe' in v && typeof (v as { describe: unknown }).describe === 'function') {
    return (v as { describe(): string }).describe();
  }
  return typeof v;
}
