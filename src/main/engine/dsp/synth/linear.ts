// Linear (memoryless) digital modulation: uniformly random symbols from a constellation,
// root-raised-cosine pulse shaping.
import type { Rng } from '../../base/random.ts';
import { rootRaisedCosineTaps, upsampleAndFilter } from '../filters.ts';
import { ROLL_OFF, SAMPLES_PER_SYMBOL, type Baseband, type Modulator } from './baseband.ts';
import type { Constellation } from './constellations.ts';

/** RRC span in symbols: long enough that truncation sidelobes sit below −40 dB. */
export const RRC_SPAN_SYMBOLS = 16;

const rrcTaps = rootRaisedCosineTaps(ROLL_OFF, SAMPLES_PER_SYMBOL, RRC_SPAN_SYMBOLS);

/**
 * Shaped symbol stream. The output starts a random number of samples into the steady state, so
 * the symbol timing phase is uniform over one symbol period; its average power is 1/sps for a
 * unit-power constellation (unit-energy pulse). With `offsetQuadrature` (OQPSK) the Q branch is
 * delayed by half a symbol.
 */
export function linearModulator(constellation: Constellation, offsetQuadrature = false): Modulator {
  return (rng: Rng, samples: number): Baseband => {
    const sps = SAMPLES_PER_SYMBOL;
    const count = Math.ceil(samples / sps) + RRC_SPAN_SYMBOLS + 2;
    const symRe = new Float64Array(count);
    const symIm = new Float64Array(count);
    const m = constellation.re.length;
    for (let s = 0; s < count; s++) {
      const index = rng.int(m);
      symRe[s] = constellation.re[index];
      symIm[s] = constellation.im[index];
    }
    const shapedRe = upsampleAndFilter(symRe, sps, rrcTaps);
    const shapedIm = upsampleAndFilter(symIm, sps, rrcTaps);
    const start = RRC_SPAN_SYMBOLS * sps + rng.int(sps);
    // offset keying: Q lags I by half a symbol, so I and Q never change together
    const lag = offsetQuadrature ? sps / 2 : 0;
    return { re: shapedRe.slice(start, start + samples), im: shapedIm.slice(start - lag, start - lag + samples) };
  };
}
