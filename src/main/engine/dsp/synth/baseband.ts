// The complex baseband sequence every modulator produces and the channel consumes.
import type { Rng } from '../../base/random.ts';

export interface Baseband {
  re: Float64Array;
  im: Float64Array;
}

/** Produces `samples` samples of clean baseband at 8 samples/symbol (digital) or 200 kHz (analog). */
export type Modulator = (rng: Rng, samples: number) => Baseband;

/** Nominal sample rate of the RadioML generators (Hz); 8 samples per symbol → 25 kBd. */
export const SAMPLE_RATE_HZ = 200e3;
export const SAMPLES_PER_SYMBOL = 8;
export const ROLL_OFF = 0.35;
