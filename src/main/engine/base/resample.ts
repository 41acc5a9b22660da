// Band-limited resampling of complex baseband by any ratio, which low-passes in the same pass:
// each output sample is Σ x[n]·h(t − n) at its input-time position t, with h a Blackman-windowed
// sinc of the chosen cutoff. Computed per output block, so a long capture never sits in memory.
import { AppError } from '../../../shared/errors.ts';

export interface ResampleSpec {
  /** output rate / input rate (0.5 halves the samples per symbol) */
  ratio: number;
  /** pass band edge in cycles per input sample, at most half the lower of the two rates */
  cutoff: number;
  /** sinc zero crossings on each side of the kernel's centre (default 8) */
  zeroCrossings?: number;
}

/** Input samples either side of an output sample's position that contribute to it. */
export function resampleHalfWidth(spec: ResampleSpec): number {
  return Math.ceil((spec.zeroCrossings ?? 8) / (2 * spec.cutoff));
}

export function checkResampleSpec(spec: ResampleSpec): void {
  if (!(spec.ratio > 0 && Number.isFinite(spec.ratio))) throw new AppError('VALIDATION', `resample: ratio must be a positive number, got ${spec.ratio}`);
  const limit = 0.5 * Math.min(1, spec.ratio);
  if (!(spec.cutoff > 0 && spec.cutoff <= limit + 1e-12)) throw new AppError('VALIDATION', `resample: cutoff must be in (0, ${limit}] cycles/sample, got ${spec.cutoff}`);
}

/** h(τ) for τ in input samples; Σ_n h(t − n) ≈ 1 for every t (unit gain at 0 Hz). */
function kernel(spec: ResampleSpec): (tau: number) => number {
  const width = resampleHalfWidth(spec);
  const twoFc = 2 * spec.cutoff;
  return (tau) => {
    if (tau <= -width || tau >= width) return 0;
    const x = twoFc * tau;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const u = tau / width;
    const blackman = 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
    return twoFc * sinc * blackman;
  };
}

/**
 * Output samples firstOut … firstOut + count − 1 (output sample m sits at input time m / ratio),
 * from an input block i/q whose first sample has input index inputStart. Input outside the block
 * counts as zero, so give the block resampleHalfWidth(spec) samples of margin on each side.
 */
export function resampleBlock(
  i: ArrayLike<number>,
  q: ArrayLike<number>,
  inputStart: number,
  spec: ResampleSpec,
  firstOut: number,
  count: number,
): { i: Float32Array; q: Float32Array } {
  checkResampleSpec(spec);
  const h = kernel(spec);
  const width = resampleHalfWidth(spec);
  const outI = new Float32Array(count);
  const outQ = new Float32Array(count);
  for (let m = 0; m < count; m++) {
    const t = (firstOut + m) / spec.ratio - inputStart;
    const from = Math.max(0, Math.ceil(t - width));
    const to = Math.min(i.length - 1, Math.floor(t + width));
    let si = 0;
    let sq = 0;
    for (let n = from; n <= to; n++) {
      const w = h(t - n);
      si += w * i[n]!;
      sq += w * q[n]!;
    }
    outI[m] = si;
    outQ[m] = sq;
  }
  return { i: outI, q: outQ };
}

/**
 * Multiplies by e^{−j2π·f·n} in place, n the samples' absolute indexes from firstIndex: moves
 * a signal at f cycles/sample to 0 Hz. The phase depends on n alone, so blocks read separately
 * join without a phase step.
 */
export function shiftFrequency(i: Float32Array, q: Float32Array, cyclesPerSample: number, firstIndex: number): void {
  for (let k = 0; k < i.length; k++) {
    // f·n in double precision stays within 1e-7 of a turn for any capture under 2^31 samples
    const turns = (cyclesPerSample * (firstIndex + k)) % 1;
    const c = Math.cos(2 * Math.PI * turns);
    const s = Math.sin(2 * Math.PI * turns);
    const re = i[k]!;
    const im = q[k]!;
    i[k] = re * c + im * s;
    q[k] = im * c - re * s;
  }
}
