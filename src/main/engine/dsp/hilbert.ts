// Hilbert transform by the DFT: zero the negative-frequency half, double the positive half.
import { fftPlan } from './fft.ts';

/** Analytic signal x + j·H{x} of a real sequence (any length). */
export function analyticSignal(x: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const re = Float64Array.from(x);
  const im = new Float64Array(n);
  const plan = fftPlan(n);
  plan.forward(re, im);
  const half = Math.floor(n / 2);
  for (let k = 1; k < n; k++) {
    // DC and (for even n) the Nyquist bin stay as they are; the rest is doubled or removed
    const factor = k < (n + 1) / 2 ? 2 : n % 2 === 0 && k === half ? 1 : 0;
    re[k] *= factor;
    im[k] *= factor;
  }
  plan.inverse(re, im);
  return { re, im };
}
