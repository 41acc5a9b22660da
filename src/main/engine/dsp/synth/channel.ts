// A propagation channel after GNU Radio's dynamic_channel_model, with the parameters of the
// RadioML generators: sample-rate offset and carrier offset as bounded random walks, random
// carrier phase, frequency-selective fading (sum-of-sinusoids paths at fractional delays, the
// first path Rician) and AWGN.
//
// SNR definition: per-sample power ratio over the full sampled band,
//   SNR = 10·log10( mean|s[n]|² / mean|w[n]|² ),
// where s is the received noise-free signal over the output vector (after fading) and w the
// complex white noise. The noise power is set from the measured s, so every vector carries
// exactly its labelled SNR in expectation.
import type { Rng } from '../../base/random.ts';
import { meanPower } from '../snr.ts';
import type { Baseband } from './baseband.ts';

export interface ChannelConfig {
  sampleRateHz: number;
  /** sample-rate-offset random walk: std of each per-sample step and bound, Hz */
  sroStdHz: number;
  sroMaxHz: number;
  /** carrier-frequency-offset random walk: std of each per-sample step and bound, Hz */
  cfoStdHz: number;
  cfoMaxHz: number;
  /**
   * The walks have run for a uniform number of samples in this range before the vector starts
   * (RadioML cuts its vectors 50 … ~10,000 samples into each channel run).
   */
  walkSamplesBefore: [number, number];
  fading: 'none' | 'rayleigh' | 'rician';
  /** Rician K factor (LOS power / scattered power) of the first path */
  ricianK: number;
  /** maximum Doppler frequency, Hz */
  dopplerHz: number;
  /** sinusoids per path in the sum-of-sinusoids fading model */
  sinusoids: number;
  /** path delays in samples (fractional allowed) and their relative amplitudes */
  pathDelaysSamples: number[];
  pathMagnitudes: number[];
  /** length of the windowed-sinc interpolator that realises fractional delays */
  fadingTaps: number;
  randomPhase: boolean;
  noise: boolean;
}

/** dynamic_channel_model(200e3, 0.01, 50, .01, 0.5e3, 8, fD = 1, LOS, K = 4, [0, 0.9, 1.7], [1, 0.8, 0.3], 8, …) */
export const rmlChannel: ChannelConfig = {
  sampleRateHz: 200e3,
  sroStdHz: 0.01,
  sroMaxHz: 50,
  cfoStdHz: 0.01,
  cfoMaxHz: 500,
  walkSamplesBefore: [50, 10_000],
  fading: 'rician',
  ricianK: 4,
  dopplerHz: 1,
  sinusoids: 8,
  pathDelaysSamples: [0, 0.9, 1.7],
  pathMagnitudes: [1, 0.8, 0.3],
  fadingTaps: 8,
  randomPhase: true,
  noise: true,
};

/** Only AWGN: no offsets, no fading, no phase rotation. */
export const awgnOnlyChannel: ChannelConfig = {
  ...rmlChannel,
  sroStdHz: 0,
  sroMaxHz: 0,
  cfoStdHz: 0,
  cfoMaxHz: 0,
  fading: 'none',
  randomPhase: false,
};

export interface ChannelOutput extends Baseband {
  /** the received signal before noise */
  clean: Baseband;
  signalPower: number;
  noisePower: number;
}

const INTERPOLATION_GUARD = 4;
/** samples between the knots of the slow processes (offset walks, fading gains) */
const WALK_STRIDE = 16;

/** Input samples the channel needs to produce `outputLength` samples. */
export function channelInputLength(outputLength: number, config: ChannelConfig): number {
  const drift = Math.ceil((outputLength * config.sroMaxHz) / config.sampleRateHz);
  return outputLength + config.fadingTaps + drift + 2 * INTERPOLATION_GUARD;
}

export function applyChannel(input: Baseband, outputLength: number, snrDb: number, config: ChannelConfig, rng: Rng): ChannelOutput {
  const needed = channelInputLength(outputLength, config);
  if (input.re.length < needed) throw new RangeError(`applyChannel: needs ${needed} input samples, got ${input.re.length}`);
  const fadingLength = outputLength + config.fadingTaps - 1;
  const resampled = resampleWithOffset(input, fadingLength, config, rng);
  const faded = config.fading === 'none' ? trimDelay(resampled, config.fadingTaps, outputLength) : fade(resampled, outputLength, config, rng);
  rotate(faded, config, rng);

  const signalPower = meanPower(faded.re, faded.im);
  const noisePower = config.noise ? signalPower / 10 ** (snrDb / 10) : 0;
  return { ...addWhiteNoise(faded, noisePower, rng), clean: faded, signalPower, noisePower };
}

/**
 * x plus circular white Gaussian noise of `noisePower` per complex sample (same units as |x|²;
 * σ² = noisePower / 2 on each rail). A new vector; x is not changed.
 */
export function addWhiteNoise(x: Baseband, noisePower: number, rng: Rng): Baseband {
  const length = x.re.length;
  const sigma = Math.sqrt(noisePower / 2);
  const re = new Float64Array(length);
  const im = new Float64Array(length);
  for (let n = 0; n < length; n++) {
    re[n] = x.re[n] + sigma * rng.normal();
    im[n] = x.im[n] + sigma * rng.normal();
  }
  return { re, im };
}

/**
 * Bounded Gaussian random walk, already `walkSamplesBefore` steps old when the vector begins.
 * Drawn at knots every WALK_STRIDE samples (steps of std·√stride) and linearly interpolated:
 * the walks move by hundredths of a Hz per sample, so the finer path is immaterial.
 */
function randomWalk(std: number, max: number, length: number, config: ChannelConfig, rng: Rng): Float64Array {
  const walk = new Float64Array(length);
  if (std === 0 || max === 0) return walk;
  const [lo, hi] = config.walkSamplesBefore;
  const age = lo + rng.next() * (hi - lo);
  const knotStep = std * Math.sqrt(WALK_STRIDE);
  let previous = clamp(std * Math.sqrt(age) * rng.normal(), max);
  for (let start = 0; start < length; start += WALK_STRIDE) {
    const nextKnot = clamp(previous + knotStep * rng.normal(), max);
    const end = Math.min(length, start + WALK_STRIDE);
    for (let n = start; n < end; n++) walk[n] = previous + ((nextKnot - previous) * (n - start)) / WALK_STRIDE;
    previous = nextKnot;
  }
  return walk;
}

function clamp(v: number, max: number): number {
  return Math.max(-max, Math.min(max, v));
}

/**
 * Fractional resampling by the drifting ratio 1 + sro/fs (cubic Lagrange interpolation):
 * output sample k reads the input at a position that advances by that ratio each step.
 */
function resampleWithOffset(input: Baseband, length: number, config: ChannelConfig, rng: Rng): Baseband {
  const sro = randomWalk(config.sroStdHz, config.sroMaxHz, length, config, rng);
  const re = new Float64Array(length);
  const im = new Float64Array(length);
  let position = INTERPOLATION_GUARD;
  for (let k = 0; k < length; k++) {
    const base = Math.floor(position);
    const mu = position - base;
    // Lagrange weights for the points base−1, base, base+1, base+2
    const w0 = (-mu * (mu - 1) * (mu - 2)) / 6;
    const w1 = ((mu + 1) * (mu - 1) * (mu - 2)) / 2;
    const w2 = (-(mu + 1) * mu * (mu - 2)) / 2;
    const w3 = ((mu + 1) * mu * (mu - 1)) / 6;
    re[k] = w0 * input.re[base - 1] + w1 * input.re[base] + w2 * input.re[base + 1] + w3 * input.re[base + 2];
    im[k] = w0 * input.im[base - 1] + w1 * input.im[base] + w2 * input.im[base + 1] + w3 * input.im[base + 2];
    position += 1 + sro[k] / config.sampleRateHz;
  }
  return { re, im };
}

/** Without fading the signal passes with the same fixed latency as the fading filter's centre. */
function trimDelay(x: Baseband, taps: number, length: number): Baseband {
  const centre = Math.floor((taps - 1) / 2);
  const start = taps - 1 - centre;
  return { re: x.re.slice(start, start + length), im: x.im.slice(start, start + length) };
}

/**
 * Complex gain process of one path (sum of sinusoids, plus a line-of-sight phasor when Rician),
 * held as rotating phasors that advance WALK_STRIDE samples per call of `advance`.
 */
class PathGain {
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly stepRe: Float64Array;
  private readonly stepIm: Float64Array;
  private readonly weights: Float64Array;

  constructor(config: ChannelConfig, rician: boolean, rng: Rng) {
    const n = config.sinusoids + (rician ? 1 : 0);
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    this.stepRe = new Float64Array(n);
    this.stepIm = new Float64Array(n);
    this.weights = new Float64Array(n);
    const k = rician ? config.ricianK : 0;
    const scatterWeight = Math.sqrt(1 / ((k + 1) * config.sinusoids));
    for (let s = 0; s < n; s++) {
      const isLos = rician && s === config.sinusoids;
      const arrival = isLos ? 0 : 2 * Math.PI * rng.next();
      const omega = (2 * Math.PI * config.dopplerHz * Math.cos(arrival) * WALK_STRIDE) / config.sampleRateHz;
      const phase = 2 * Math.PI * rng.next();
      this.re[s] = Math.cos(phase);
      this.im[s] = Math.sin(phase);
      this.stepRe[s] = Math.cos(omega);
      this.stepIm[s] = Math.sin(omega);
      this.weights[s] = isLos ? Math.sqrt(k / (k + 1)) : scatterWeight;
    }
  }

  /** adds gain × shape into the interleaved taps h; then moves the phasors on by one knot */
  accumulate(shape: Float64Array, h: Float64Array): void {
    let gr = 0;
    let gi = 0;
    for (let s = 0; s < this.re.length; s++) {
      gr += this.weights[s] * this.re[s];
      gi += this.weights[s] * this.im[s];
      const r = this.re[s] * this.stepRe[s] - this.im[s] * this.stepIm[s];
      this.im[s] = this.re[s] * this.stepIm[s] + this.im[s] * this.stepRe[s];
      this.re[s] = r;
    }
    for (let k = 0; k < shape.length; k++) {
      h[2 * k] += gr * shape[k];
      h[2 * k + 1] += gi * shape[k];
    }
  }
}

/**
 * Time-varying multipath: y[n] = Σ_k h_k(n)·x[n + T − 1 − k] with h_k(n) = Σ_p g_p(n)·a_p·sinc_p[k].
 * The taps are computed at knots every WALK_STRIDE samples and interpolated linearly between:
 * the gains change at the Doppler rate, many orders of magnitude slower than the sample rate.
 */
function fade(x: Baseband, length: number, config: ChannelConfig, rng: Rng): Baseband {
  const taps = config.fadingTaps;
  const centre = Math.floor((taps - 1) / 2);
  const paths = config.pathDelaysSamples.length;
  let magnitudeEnergy = 0;
  for (const m of config.pathMagnitudes) magnitudeEnergy += m * m;
  // per path: fractional-delay interpolator (Hann-windowed sinc), scaled by the path amplitude
  const shapes: Float64Array[] = [];
  for (let p = 0; p < paths; p++) {
    const shape = new Float64Array(taps);
    const a = config.pathMagnitudes[p] / Math.sqrt(magnitudeEnergy);
    for (let k = 0; k < taps; k++) {
      const t = k - centre - config.pathDelaysSamples[p];
      const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
      const window = 0.5 + 0.5 * Math.cos((Math.PI * t) / (taps / 2 + 1));
      shape[k] = a * sinc * window;
    }
    shapes.push(shape);
  }
  const gains = shapes.map((_, p) => new PathGain(config, config.fading === 'rician' && p === 0, rng));
  // taps at the current knot (h0) and the next (h1), interleaved re/im, swapped each stride
  let h0 = new Float64Array(2 * taps);
  let h1 = new Float64Array(2 * taps);
  const knotTaps = (h: Float64Array): void => {
    h.fill(0);
    for (let p = 0; p < paths; p++) gains[p].accumulate(shapes[p], h);
  };

  const re = new Float64Array(length);
  const im = new Float64Array(length);
  const xRe = x.re;
  const xIm = x.im;
  knotTaps(h0);
  for (let start = 0; start < length; start += WALK_STRIDE) {
    knotTaps(h1);
    const end = Math.min(length, start + WALK_STRIDE);
    for (let n = start; n < end; n++) {
      const w = (n - start) / WALK_STRIDE;
      let yr = 0;
      let yi = 0;
      for (let k = 0; k < taps; k++) {
        const hr = h0[2 * k] + w * (h1[2 * k] - h0[2 * k]);
        const hi = h0[2 * k + 1] + w * (h1[2 * k + 1] - h0[2 * k + 1]);
        const xr = xRe[n + taps - 1 - k];
        const xi = xIm[n + taps - 1 - k];
        yr += hr * xr - hi * xi;
        yi += hr * xi + hi * xr;
      }
      re[n] = yr;
      im[n] = yi;
    }
    [h0, h1] = [h1, h0];
  }
  return { re, im };
}

/** Carrier offset (a random walk in Hz) and a uniformly random carrier phase, in place. */
function rotate(x: Baseband, config: ChannelConfig, rng: Rng): void {
  const cfo = randomWalk(config.cfoStdHz, config.cfoMaxHz, x.re.length, config, rng);
  const phase = config.randomPhase ? 2 * Math.PI * rng.next() : 0;
  if (phase === 0 && config.cfoMaxHz === 0) return;
  rotateCarrier(x, phase, cfo, config.sampleRateHz);
}

/**
 * Multiplies x in place by a carrier e^{jφ[n]}: φ starts at `phase` (rad) and advances by
 * 2π·offsetHz[n] / sampleRateHz after each sample (a number: the same offset throughout).
 */
export function rotateCarrier(x: Baseband, phase: number, offsetHz: Float64Array | number, sampleRateHz: number): void {
  let phi = phase;
  for (let n = 0; n < x.re.length; n++) {
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    const r = x.re[n] * c - x.im[n] * s;
    x.im[n] = x.re[n] * s + x.im[n] * c;
    x.re[n] = r;
    phi += (2 * Math.PI * (typeof offsetHz === 'number' ? offsetHz : offsetHz[n])) / sampleRateHz;
  }
}
