// Instantaneous amplitude, phase and frequency of complex baseband I/Q.

/** |x[n]| (same units as the samples). */
export function instantaneousAmplitude(i: ArrayLike<number>, q: ArrayLike<number>): Float32Array {
  const out = new Float32Array(i.length);
  for (let n = 0; n < i.length; n++) out[n] = Math.hypot(i[n], q[n]);
  return out;
}

/** arg x[n] in radians, unwrapped so consecutive values never jump by more than π. */
export function instantaneousPhaseRad(i: ArrayLike<number>, q: ArrayLike<number>): Float32Array {
  const out = new Float32Array(i.length);
  let offset = 0;
  let previous = 0;
  for (let n = 0; n < i.length; n++) {
    const wrapped = Math.atan2(q[n], i[n]);
    if (n > 0) {
      const step = wrapped - previous;
      if (step > Math.PI) offset -= 2 * Math.PI * Math.round(step / (2 * Math.PI));
      else if (step < -Math.PI) offset += 2 * Math.PI * Math.round(-step / (2 * Math.PI));
    }
    previous = wrapped;
    out[n] = wrapped + offset;
  }
  return out;
}

/**
 * Instantaneous frequency in Hz between consecutive samples: arg(x[n]·conj(x[n−1]))·fs/2π.
 * Returns length − 1 values; value n − 1 belongs to the interval (n − 1, n).
 */
export function instantaneousFrequencyHz(i: ArrayLike<number>, q: ArrayLike<number>, sampleRateHz = 1): Float32Array {
  const out = new Float32Array(Math.max(0, i.length - 1));
  for (let n = 1; n < i.length; n++) {
    const re = i[n] * i[n - 1] + q[n] * q[n - 1];
    const im = q[n] * i[n - 1] - i[n] * q[n - 1];
    out[n - 1] = (Math.atan2(im, re) * sampleRateHz) / (2 * Math.PI);
  }
  return out;
}
