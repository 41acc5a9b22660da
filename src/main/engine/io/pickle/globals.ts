// The allow-list of globals a pickle may name. Each entry is a pure data constructor written
// here; any other global is refused before anything is called.
import { bad, PickleFormatError } from './format-error.ts';
import { frombuffer, makeDtype, reconstruct, scalar } from './numpy.ts';
import { asText, describe, PyBytes, PyDict, PyGlobal, PySet, PyTuple, SkippedBytes } from './values.ts';

type Constructor = (args: readonly unknown[]) => unknown;

function iterableItems(v: unknown, what: string): unknown[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (v instanceof PyTuple) return [...v.items];
  if (v instanceof PySet) return [...v.items.values()];
  if (v instanceof PyDict) return [...v.items()].map(([k]) => k);
  throw bad(`${what}: expected an iterable, found ${describe(v)}`);
}

function makeSet(frozen: boolean): Constructor {
  return (args) => {
    const s = new PySet(frozen);
    for (const item of iterableItems(args[0], frozen ? 'frozenset()' : 'set()')) s.add(item);
    return s;
  };
}

function encodeText(text: string, encoding: string): Uint8Array {
  const enc = encoding.toLowerCase().replace(/[-_]/g, '');
  let out: Buffer;
  if (enc === 'latin1' || enc === 'iso88591' || enc === 'l1') {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > 0xff) throw bad(`_codecs.encode: character U+${text.charCodeAt(i).toString(16)} is not latin-1`);
    }
    out = Buffer.from(text, 'latin1');
  } else if (enc === 'utf8') {
    out = Buffer.from(text, 'utf8');
  } else if (enc === 'ascii') {
    out = Buffer.from(text, 'latin1');
    if (out.some((b) => b > 0x7f)) throw bad('_codecs.encode: text is not ASCII');
  } else {
    throw new PickleFormatError('UNSUPPORTED', `_codecs.encode: encoding ${JSON.stringify(encoding)} is not supported`);
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function codecsEncode(args: readonly unknown[]): PyBytes | SkippedBytes {
  // Inspection skips large text; its encoded form is skipped as well (length unknown).
  if (args[0] instanceof SkippedBytes) return new SkippedBytes(-1);
  const text = asText(args[0]);
  if (text === null) throw bad(`_codecs.encode: expected text, found ${describe(args[0])}`);
  const encoding = args.length > 1 ? asText(args[1]) : 'utf-8';
  if (encoding === null) throw bad(`_codecs.encode: expected an encoding name, found ${describe(args[1])}`);
  return new PyBytes(encodeText(text, encoding), false);
}

function makeBytes(mutable: boolean): Constructor {
  return (args) => {
    if (args.length === 0) return new PyBytes(new Uint8Array(0), false);
    const [v, encoding] = args;
    if (v instanceof SkippedBytes) return v;
    if (v instanceof PyBytes) return new PyBytes(mutable ? v.bytes.slice() : v.bytes, false);
    const text = asText(v);
    if (text !== null && encoding !== undefined) {
      const enc = asText(encoding);
      if (enc === null) throw bad(`bytes(): expected an encoding name, found ${describe(encoding)}`);
      return new PyBytes(encodeText(text, enc), false);
    }
    if (Array.isArray(v)) return new PyBytes(Uint8Array.from(v.map((x) => Number(x) & 0xff)), false);
    throw bad(`${mutable ? 'bytearray' : 'bytes'}(): unsupported argument ${describe(v)}`);
  };
}

const numpyModules = ['numpy.core.multiarray', 'numpy._core.multiarray'];
const numericModules = ['numpy.core.numeric', 'numpy._core.numeric'];
const builtinModules = ['builtins', '__builtin__'];

const allowed = new Map<string, Constructor>();
for (const m of numpyModules) {
  allowed.set(`${m}._reconstruct`, (args) => {
    if (!(args[0] instanceof PyGlobal) || args[0].qualifiedName !== 'numpy.ndarray') {
      throw new PickleFormatError('UNSUPPORTED', `_reconstruct: only numpy.ndarray can be rebuilt, found ${describe(args[0])}`);
    }
    return reconstruct();
  });
  allowed.set(`${m}.scalar`, scalar);
}
for (const m of numericModules) allowed.set(`${m}._frombuffer`, frombuffer);
allowed.set('numpy.ndarray', () => {
  throw new PickleFormatError('UNSUPPORTED', 'numpy.ndarray may only be named as the type argument of _reconstruct');
});
allowed.set('numpy.dtype', makeDtype);
allowed.set('_codecs.encode', codecsEncode);
for (const m of builtinModules) {
  allowed.set(`${m}.set`, makeSet(false));
  allowed.set(`${m}.frozenset`, makeSet(true));
  allowed.set(`${m}.list`, (args) => iterableItems(args[0], 'list()'));
  allowed.set(`${m}.tuple`, (args) => new PyTuple(iterableItems(args[0], 'tuple()')));
  allowed.set(`${m}.dict`, (args) => {
    const d = new PyDict();
    if (args[0] instanceof PyDict) for (const [k, v] of args[0].items()) d.set(k, v);
    else if (args.length > 0) throw bad(`dict(): unsupported argument ${describe(args[0])}`);
    return d;
  });
  allowed.set(`${m}.bytearray`, makeBytes(true));
  allowed.set(`${m}.bytes`, makeBytes(false));
}

/** Python 2 module names that Python 3's unpickler maps to their new names. */
const renamedModules: Record<string, string> = { __builtin__: 'builtins', copy_reg: 'copyreg' };

/**
 * Resolve `module.name` to an allow-listed global, or throw FORBIDDEN_GLOBAL naming it.
 * Nothing is imported or called here.
 */
export function resolveGlobal(module: string, name: string): PyGlobal {
  const mod = renamedModules[module] ?? module;
  if (!allowed.has(`${mod}.${name}`)) {
    throw new PickleFormatError('FORBIDDEN_GLOBAL', `the pickle references the global ${module}.${name}, which is not allowed (only NumPy arrays and plain containers are accepted)`);
  }
  return new PyGlobal(mod, name);
}

/** Call an allow-listed global with positional arguments (REDUCE, NEWOBJ, INST, OBJ). */
export function callGlobal(fn: unknown, args: readonly unknown[]): unknown {
  if (!(fn instanceof PyGlobal)) throw bad(`cannot call ${describe(fn)}`);
  const ctor = allowed.get(fn.qualifiedName);
  if (!ctor) throw new PickleFormatError('FORBIDDEN_GLOBAL', `the pickle calls ${fn.qualifiedName}, which is not allowed`);
  return ctor(args);
}
