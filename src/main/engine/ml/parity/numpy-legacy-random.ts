// numpy's legacy global generator (np.random.seed / RandomState, MT19937) — only the parts the
// DeepSig notebook split uses, so its published train/test split can be rebuilt without Python.
import { AppError } from '../../../../shared/errors.ts';

const N = 624;
const M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

/** MT19937 seeded like `np.random.seed(int)` (init_genrand). */
export class Mt19937 {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new AppError('VALIDATION', `numpy seed must be an integer in 0..2^32-1, got ${seed}`);
    }
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      // 1812433253 * prev + i, mod 2^32, without losing bits to float rounding
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & UPPER) | (mt[(i + 1) % N]! & LOWER);
      mt[i] = mt[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }

  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform integer in 0..max by masked rejection, as numpy's random_interval (max < 2^32). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }
}

/** `RandomState.permutation(n)`: arange(n) shuffled in place from the last element down. */
export function legacyPermutation(rng: Mt19937, n: number): Int32Array {
  if (n >= 0x80000000) throw new AppError('VALIDATION', `permutation size ${n} is too large`);
  const out = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i >= 1; i--) {
    const j = rng.interval(i);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** `np.random.seed(seed); np.random.choice(n, size, replace=False)` (uniform, no p). */
export function legacyChoiceWithoutReplacement(seed: number, n: number, size: number): Int32Array {
  if (!Number.isInteger(n) || n < 1) throw new AppError('VALIDATION', `population size must be a positive integer, got ${n}`);
  if (!Number.isInteger(size) || size < 0 || size > n) {
    throw new AppError('VALIDATION', `cannot take ${size} samples without replacement from ${n}`);
  }
  return legacyPermutation(new Mt19937(seed), n).slice(0, size);
}
