// Seeded pseudo-random numbers shared by every module that makes a random choice.
// xoshiro128** (Blackman & Vigna) seeded through splitmix32, so any number is a usable seed.

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** standard normal N(0, 1) (polar Box–Muller) */
  normal(): number;
  /** uniform integer in [0, n) */
  int(n: number): number;
  /** Fisher–Yates shuffle in place; returns the same array */
  shuffle<T, A extends { length: number; [i: number]: T }>(array: A): A;
  /** raw 32-bit unsigned output */
  nextUint32(): number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Folds an arbitrary finite number (negative, fractional, beyond 2^32) into 32 bits. */
function foldSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const high = Math.floor(seed / 4294967296);
  const low = seed - high * 4294967296;
  const frac = Math.round((low % 1) * 4294967296);
  return (Math.floor(low) ^ Math.imul(high | 0, 0x27d4eb2d) ^ Math.imul(frac | 0, 0x165667b1)) >>> 0;
}

export function createRng(seed: number): Rng {
  const init = splitmix32(foldSeed(seed));
  return createRngFromState([init(), init(), init(), init()]);
}

/** A generator started from an explicit xoshiro128** state (four 32-bit words, not all zero). */
export function createRngFromState(state: readonly [number, number, number, number]): Rng {
  let [a, b, c, d] = state.map((v) => v >>> 0);
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point of xoshiro
  let spareNormal: number | null = null;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const next = (): number => nextUint32() / 4294967296;

  return {
    next,
    nextUint32,
    normal(): number {
      if (spareNormal !== null) {
        const z = spareNormal;
        spareNormal = null;
        return z;
      }
      // Marsaglia's polar form of Box–Muller: no trigonometry, one of each pair kept for later
      let u: number;
      let v: number;
      let s: number;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const scale = Math.sqrt((-2 * Math.log(s)) / s);
      spareNormal = v * scale;
      return u * scale;
    },
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`int(n) needs a positive integer, got ${n}`);
      return Math.floor(next() * n);
    },
    shuffle<T, A extends { length: number; [i: number]: T }>(array: A): A {
      for (let i = array.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = array[i];
        array[i] = array[j];
        array[j] = tmp;
      }
      return array;
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * A 32-bit seed derived from a base seed and labels (FNV-1a over their text), so independent
 * streams (e.g. one per class × SNR key) do not depend on the order they are drawn in.
 */
export function deriveSeed(seed: number, ...labels: Array<string | number>): number {
  let h = 0x811c9dc5 ^ foldSeed(seed);
  const text = labels.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
