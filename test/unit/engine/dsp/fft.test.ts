import { describe, expect, it } from 'vitest';
import { fft, fftshift, ifft } from '../../../../src/main/engine/dsp/fft.ts';
import { createRng } from '../../../../src/main/engine/base/random.ts';

function directDft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * ((k * t) % n)) / n;
      outRe[k] += re[t] * Math.cos(angle) - im[t] * Math.sin(angle);
      outIm[k] += re[t] * Math.sin(angle) + im[t] * Math.cos(angle);
    }
  }
  return { re: outRe, im: outIm };
}

function randomSignal(n: number, seed: number): { re: Float64Array; im: Float64Array } {
  const rng = createRng(seed);
  return { re: Float64Array.from({ length: n }, () => 2 * rng.next() - 1), im: Float64Array.from({ length: n }, () => 2 * rng.next() - 1) };
}

function maxError(a: Float64Array, b: Float64Array): number {
  let e = 0;
  for (let k = 0; k < a.length; k++) e = Math.max(e, Math.abs(a[k] - b[k]));
  return e;
}

describe('fft', () => {
  it.each([1, 2, 4, 8, 64, 256, 1024])('equals the direct DFT to 1e-5 for power-of-two length %i', (n) => {
    const x = randomSignal(n, n);
    const fast = fft(x.re, x.im);
    const slow = directDft(x.re, x.im);
    expect(maxError(fast.re, slow.re)).toBeLessThan(1e-5);
    expect(maxError(fast.im, slow.im)).toBeLessThan(1e-5);
  });

  it.each([3, 5, 7, 31, 100, 127, 129, 1000])('equals the direct DFT to 1e-5 for length %i (Bluestein)', (n) => {
    const x = randomSignal(n, n);
    const fast = fft(x.re, x.im);
    const slow = directDft(x.re, x.im);
    expect(maxError(fast.re, slow.re)).toBeLessThan(1e-5);
    expect(maxError(fast.im, slow.im)).toBeLessThan(1e-5);
  });

  it.each([16, 45])('ifft inverts fft (length %i) and leaves the input untouched', (n) => {
    const x = randomSignal(n, 99);
    const copy = Float64Array.from(x.re);
    const spectrum = fft(x.re, x.im);
    const back = ifft(spectrum.re, spectrum.im);
    expect(maxError(back.re, x.re)).toBeLessThan(1e-12);
    expect(maxError(back.im, x.im)).toBeLessThan(1e-12);
    expect(x.re).toEqual(copy);
  });

  it('puts a complex exponential at bin k into that bin only', () => {
    const n = 48;
    const k0 = 5;
    const re = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * k0 * t) / n));
    const im = Float64Array.from({ length: n }, (_, t) => Math.sin((2 * Math.PI * k0 * t) / n));
    const X = fft(re, im);
    for (let k = 0; k < n; k++) {
      expect(Math.hypot(X.re[k], X.im[k])).toBeCloseTo(k === k0 ? n : 0, 9);
    }
  });

  it('fftshift moves DC to index ⌊N/2⌋ for even and odd N', () => {
    expect(Array.from(fftshift(Float64Array.from([0, 1, 2, 3])))).toEqual([2, 3, 0, 1]);
    expect(Array.from(fftshift(Float64Array.from([0, 1, 2, 3, 4])))).toEqual([3, 4, 0, 1, 2]);
  });

  it('rejects mismatched or empty input', () => {
    expect(() => fft([1, 2], [1])).toThrow(RangeError);
    expect(() => fft([], [])).toThrow(RangeError);
  });
});
