// Just enough of the WebAssembly binary format to emit small SIMD kernels at run time:
// LEB128 numbers, sections, function types, one imported memory, exported functions.

export function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function signedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function vector(items: number[][]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...unsignedLeb(bytes.length), ...bytes];
}

function section(id: number, body: number[]): number[] {
  return [id, ...unsignedLeb(body.length), ...body];
}

const I32 = 0x7f;
const V128 = 0x7b;

export interface FunctionDefinition {
  name: string;
  /** number of i32 parameters */
  params: number;
  /** number of extra i32 locals (numbered after the parameters) */
  locals: number;
  /** number of v128 locals (numbered after the i32 locals) */
  vectors?: number;
  /** instructions, without the final `end` */
  body: number[];
}

/** A module importing `env.memory` and exporting the given functions (all i32 parameters, no results). */
export function moduleBytes(functions: FunctionDefinition[]): Uint8Array<ArrayBuffer> {
  const arities = [...new Set(functions.map((f) => f.params))];
  const types = section(1, vector(arities.map((n) => [0x60, ...vector(new Array(n).fill([I32])), 0x00])));
  const imports = section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]]));
  const declarations = section(3, vector(functions.map((f) => unsignedLeb(arities.indexOf(f.params)))));
  const exports = section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...unsignedLeb(i)])));
  const bodies = functions.map((f) => {
    const groups: number[][] = [];
    if (f.locals > 0) groups.push([...unsignedLeb(f.locals), I32]);
    if (f.vectors) groups.push([...unsignedLeb(f.vectors), V128]);
    const locals = vector(groups);
    const code = [...locals, ...f.body, 0x0b];
    return [...unsignedLeb(code.length), ...code];
  });
  const code = section(10, vector(bodies));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...declarations, ...exports, ...code]);
}

/** The instructions made by f(0) … f(n − 1), one after another (unrolled code). */
export function repeat(n: number, f: (i: number) => number[]): number[] {
  return Array.from({ length: n }, (_, i) => f(i)).flat();
}

/** v128.load / v128.store at a constant byte offset from the address on the stack (alignment hint 1 byte) */
const loadAt = (offset: number) => [0xfd, 0x00, 0x00, ...unsignedLeb(offset)];
const storeAt = (offset: number) => [0xfd, 0x0b, 0x00, ...unsignedLeb(offset)];

/** Instruction helpers (i32 locals, 128-bit SIMD on f32x4). */
export const op = {
  get: (i: number) => [0x20, ...unsignedLeb(i)],
  set: (i: number) => [0x21, ...unsignedLeb(i)],
  tee: (i: number) => [0x22, ...unsignedLeb(i)],
  const: (v: number) => [0x41, ...signedLeb(v)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  shl: [0x74],
  shrS: [0x75],
  ltU: [0x49],
  ne: [0x47],
  eqz: [0x45],
  ltS: [0x48],
  leS: [0x4c],
  and: [0x71],
  select: [0x1b],
  block: [0x02, 0x40],
  /** if without a result; ifVector yields one v128 from either arm (else: op.else) */
  if: [0x04, 0x40],
  ifVector: [0x04, 0x7b],
  else: [0x05],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...unsignedLeb(depth)],
  brIf: (depth: number) => [0x0d, ...unsignedLeb(depth)],
  f32Load: [0x2a, 0x02, 0x00],
  f32Store: [0x38, 0x02, 0x00],
  load: loadAt(0),
  store: storeAt(0),
  loadAt,
  storeAt,
  /** one float at a constant byte offset, copied to all four lanes */
  splatAt: (offset: number) => [0xfd, 0x09, 0x02, ...unsignedLeb(offset)],
  zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  /** an i32 as a float, copied to all four lanes */
  splatInteger: [0xb2, 0xfd, 0x13],
  /** four copies of a float32 constant */
  splatConst: (value: number) => [0xfd, 0x0c, ...new Uint8Array(new Float32Array(4).fill(value).buffer)],
  f32x4Add: [0xfd, ...unsignedLeb(0xe4)],
  f32x4Sub: [0xfd, ...unsignedLeb(0xe5)],
  f32x4Neg: [0xfd, ...unsignedLeb(0xe1)],
  f32x4Mul: [0xfd, ...unsignedLeb(0xe6)],
  f32x4Max: [0xfd, ...unsignedLeb(0xe9)],
  f32x4Div: [0xfd, ...unsignedLeb(0xe7)],
  f32x4Sqrt: [0xfd, ...unsignedLeb(0xe3)],
  f32x4Gt: [0xfd, ...unsignedLeb(0x44)],
  v128And: [0xfd, ...unsignedLeb(0x4e)],
};

/** A pointer the segment loop restarts and moves on: `working` starts at `base` each segment, `base` then advances by the `step` local. */
export interface SegmentPointer {
  base: number;
  working: number;
  step: number;
}

/**
 * The outer loop of the emitted kernels: `count` segments (an i32 local, at least 1; `counter`
 * is scratch), each running `body` with its working pointers reset to their bases, the bases
 * advancing by their steps after it. The body sits one loop deep, as if written in place.
 */
export function segmentLoop(count: number, counter: number, pointers: SegmentPointer[], body: number[]): number[] {
  const { get, set, tee, add, sub, loop, end, brIf } = op;
  return [
    ...get(count), ...set(counter),
    ...loop,
    ...pointers.flatMap((p) => [...get(p.base), ...set(p.working)]),
    ...body,
    ...pointers.flatMap((p) => [...get(p.base), ...get(p.step), ...add, ...set(p.base)]),
    ...get(counter), ...op.const(1), ...sub, ...tee(counter), ...brIf(0),
    ...end,
  ];
}
