// FIR pulse shapes and filtering used by the modulators and the channel.

/**
 * Root-raised-cosine taps (roll-off `beta`) spanning `spanSymbols` symbols at `sps` samples per
 * symbol, odd length, scaled to unit energy (Σh² = 1) so that RRC ⊗ RRC is 1 at its centre:
 * a matched-filter receiver sampled at symbol centres returns the transmitted symbols.
 */
export function rootRaisedCosineTaps(beta: number, sps: number, spanSymbols: number): Float64Array {
  if (!(beta > 0 && beta <= 1)) throw new RangeError(`rootRaisedCosineTaps: roll-off must be in (0, 1], got ${beta}`);
  const half = Math.floor((spanSymbols * sps) / 2);
  const taps = new Float64Array(2 * half + 1);
  for (let k = -half; k <= half; k++) {
    const t = k / sps;
    let h: number;
    if (t === 0) {
      h = 1 - beta + (4 * beta) / Math.PI;
    } else if (Math.abs(Math.abs(4 * beta * t) - 1) < 1e-9) {
      h = (beta / Math.SQRT2) * ((1 + 2 / Math.PI) * Math.sin(Math.PI / (4 * beta)) + (1 - 2 / Math.PI) * Math.cos(Math.PI / (4 * beta)));
    } else {
      h = (Math.sin(Math.PI * t * (1 - beta)) + 4 * beta * t * Math.cos(Math.PI * t * (1 + beta))) / (Math.PI * t * (1 - (4 * beta * t) ** 2));
    }
    taps[k + half] = h;
  }
  return normaliseEnergy(taps);
}

/**
 * Gaussian frequency-pulse taps for GFSK/GMSK: bandwidth-time product `bt`, `sps` samples per
 * symbol, spanning `spanSymbols`; convolved with a one-symbol rectangle and scaled so that a long
 * run of +1 symbols gives exactly +1 (the frequency deviation is then set by the modulator).
 */
export function gaussianFrequencyPulse(bt: number, sps: number, spanSymbols = 4): Float64Array {
  const n = spanSymbols * sps;
  const gaussian = new Float64Array(n);
  // a Gaussian low-pass with 3 dB bandwidth B has σ = √(ln 2)/(2πB) in time; here in samples
  const sigma = (Math.sqrt(Math.log(2)) / (2 * Math.PI * bt)) * sps;
  for (let k = 0; k < n; k++) {
    const t = k - (n - 1) / 2;
    gaussian[k] = Math.exp(-0.5 * (t / sigma) ** 2);
  }
  const pulse = new Float64Array(n + sps - 1);
  for (let k = 0; k < n; k++) for (let r = 0; r < sps; r++) pulse[k + r] += gaussian[k];
  let sum = 0;
  for (const v of pulse) sum += v;
  for (let k = 0; k < pulse.length; k++) pulse[k] = (pulse[k] * sps) / sum;
  return pulse;
}

function normaliseEnergy(taps: Float64Array): Float64Array {
  let energy = 0;
  for (const v of taps) energy += v * v;
  const g = 1 / Math.sqrt(energy);
  for (let k = 0; k < taps.length; k++) taps[k] *= g;
  return taps;
}

/**
 * Full linear convolution of a real or complex sequence with real taps:
 * out[n] = Σ_k taps[k]·x[n − k], n = 0 .. x.length + taps.length − 2.
 */
export function convolve(x: ArrayLike<number>, taps: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length + taps.length - 1);
  for (let n = 0; n < x.length; n++) {
    const v = x[n];
    if (v === 0) continue;
    for (let k = 0; k < taps.length; k++) out[n + k] += v * taps[k];
  }
  return out;
}

/**
 * Upsample symbols by `sps` (zeros between) and filter with `taps`, computed without the zeros.
 * Output sample m is Σ_s symbol[s]·taps[m − s·sps]; length = (count − 1)·sps + taps.length.
 */
export function upsampleAndFilter(symbols: ArrayLike<number>, sps: number, taps: ArrayLike<number>): Float64Array {
  const out = new Float64Array((symbols.length - 1) * sps + taps.length);
  for (let s = 0; s < symbols.length; s++) {
    const v = symbols[s];
    if (v === 0) continue;
    const base = s * sps;
    for (let k = 0; k < taps.length; k++) out[base + k] += v * taps[k];
  }
  return out;
}
