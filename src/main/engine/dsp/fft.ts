// Complex discrete Fourier transform of any length: iterative radix-2 for powers of two,
// Bluestein's chirp-z for every other length (expressed as a power-of-two circular convolution).
// Convention: X[k] = Σ_n x[n]·e^{-j2πkn/N} (forward, unscaled); the inverse divides by N.

export interface FftPlan {
  readonly size: number;
  /** in-place forward transform of (re, im) */
  forward(re: Float64Array, im: Float64Array): void;
  /** in-place inverse transform (scaled by 1/N) */
  inverse(re: Float64Array, im: Float64Array): void;
}

const planCache = new Map<number, FftPlan>();

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** A (cached) transform plan for length n. */
export function fftPlan(n: number): FftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
  let plan = planCache.get(n);
  if (!plan) {
    plan = isPowerOfTwo(n) ? radix2Plan(n) : bluesteinPlan(n);
    if (planCache.size > 64) planCache.clear();
    planCache.set(n, plan);
  }
  return plan;
}

/** Forward DFT of a complex sequence; returns new arrays (inputs untouched). */
export function fft(re: ArrayLike<number>, im: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  if (re.length !== im.length) throw new RangeError(`fft: re has ${re.length} values, im has ${im.length}`);
  const outRe = Float64Array.from(re);
  const outIm = Float64Array.from(im);
  fftPlan(re.length).forward(outRe, outIm);
  return { re: outRe, im: outIm };
}

/** Inverse DFT (scaled by 1/N); returns new arrays. */
export function ifft(re: ArrayLike<number>, im: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  if (re.length !== im.length) throw new RangeError(`ifft: re has ${re.length} values, im has ${im.length}`);
  const outRe = Float64Array.from(re);
  const outIm = Float64Array.from(im);
  fftPlan(re.length).inverse(outRe, outIm);
  return { re: outRe, im: outIm };
}

/** Moves the zero-frequency bin to the centre (index ⌊N/2⌋), as numpy.fft.fftshift. */
export function fftshift<T extends Float64Array | Float32Array>(x: T): T {
  const n = x.length;
  const out = new (x.constructor as { new (n: number): T })(n);
  const half = Math.floor(n / 2);
  for (let k = 0; k < n; k++) out[(k + half) % n] = x[k];
  return out;
}

function radix2Plan(n: number): FftPlan {
  const levels = Math.round(Math.log2(n));
  const reversed = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, v = i; b < levels; b++, v >>= 1) r = (r << 1) | (v & 1);
    reversed[i] = r;
  }
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }

  const transform = (re: Float64Array, im: Float64Array, sign: number): void => {
    for (let i = 0; i < n; i++) {
      const j = reversed[i];
      if (j > i) {
        let t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (let size = 2; size <= n; size *= 2) {
      const half = size / 2;
      const step = n / size;
      for (let start = 0; start < n; start += size) {
        for (let k = 0; k < half; k++) {
          const wr = cos[k * step];
          const wi = sign * sin[k * step];
          const a = start + k;
          const b = a + half;
          const tr = re[b] * wr - im[b] * wi;
          const ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  };

  return {
    size: n,
    forward: (re, im) => transform(re, im, -1),
    inverse: (re, im) => {
      transform(re, im, 1);
      for (let i = 0; i < n; i++) {
        re[i] /= n;
        im[i] /= n;
      }
    },
  };
}

function bluesteinPlan(n: number): FftPlan {
  const m = nextPowerOfTwo(2 * n - 1);
  const inner = radix2Plan(m);
  // chirp w[k] = e^{-jπk²/n}; k² is reduced mod 2n to keep the angle accurate for large k
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (Math.PI * ((k * k) % (2 * n))) / n;
    chirpRe[k] = Math.cos(angle);
    chirpIm[k] = -Math.sin(angle);
  }
  // transformed conjugate chirp, the fixed convolution kernel
  const kernelRe = new Float64Array(m);
  const kernelIm = new Float64Array(m);
  kernelRe[0] = chirpRe[0];
  kernelIm[0] = -chirpIm[0];
  for (let k = 1; k < n; k++) {
    kernelRe[k] = kernelRe[m - k] = chirpRe[k];
    kernelIm[k] = kernelIm[m - k] = -chirpIm[k];
  }
  inner.forward(kernelRe, kernelIm);

  const aRe = new Float64Array(m);
  const aIm = new Float64Array(m);
  const forward = (re: Float64Array, im: Float64Array): void => {
    aRe.fill(0);
    aIm.fill(0);
    for (let k = 0; k < n; k++) {
      aRe[k] = re[k] * chirpRe[k] - im[k] * chirpIm[k];
      aIm[k] = re[k] * chirpIm[k] + im[k] * chirpRe[k];
    }
    inner.forward(aRe, aIm);
    for (let k = 0; k < m; k++) {
      const r = aRe[k] * kernelRe[k] - aIm[k] * kernelIm[k];
      aIm[k] = aRe[k] * kernelIm[k] + aIm[k] * kernelRe[k];
      aRe[k] = r;
    }
    inner.inverse(aRe, aIm);
    for (let k = 0; k < n; k++) {
      re[k] = aRe[k] * chirpRe[k] - aIm[k] * chirpIm[k];
      im[k] = aRe[k] * chirpIm[k] + aIm[k] * chirpRe[k];
    }
  };

  return {
    size: n,
    forward,
    // IDFT(x) = conj(DFT(conj(x))) / n
    inverse: (re, im) => {
      for (let k = 0; k < n; k++) im[k] = -im[k];
      forward(re, im);
      for (let k = 0; k < n; k++) {
        re[k] /= n;
        im[k] = -im[k] / n;
      }
    },
  };
}
