// Continuous-phase frequency modulations driven by random bits.
import type { Rng } from '../../base/random.ts';
import { gaussianFrequencyPulse, upsampleAndFilter } from '../filters.ts';
import { ROLL_OFF, SAMPLES_PER_SYMBOL, type Baseband, type Modulator } from './baseband.ts';

function integratePhase(frequency: ArrayLike<number>, start: number, samples: number, radPerSample: number, rng: Rng): Baseband {
  const re = new Float64Array(samples);
  const im = new Float64Array(samples);
  let phase = 2 * Math.PI * rng.next();
  for (let n = 0; n < samples; n++) {
    phase += radPerSample * frequency[start + n];
    re[n] = Math.cos(phase);
    im[n] = Math.sin(phase);
  }
  return { re, im };
}

/**
 * Binary CPFSK with modulation index h = 0.5 (as GNU Radio's cpfsk_bc(k = 0.5)): each bit turns
 * the phase by ±πh over one symbol, in equal steps of ±πh/sps per sample.
 */
export function cpfskModulator(modulationIndex = 0.5): Modulator {
  return (rng: Rng, samples: number): Baseband => {
    const sps = SAMPLES_PER_SYMBOL;
    const offset = rng.int(sps);
    const symbols = Math.ceil((samples + offset) / sps);
    const frequency = new Float64Array(symbols * sps);
    for (let s = 0; s < symbols; s++) {
      const level = rng.int(2) === 1 ? 1 : -1;
      frequency.fill(level, s * sps, (s + 1) * sps);
    }
    return integratePhase(frequency, offset, samples, (Math.PI * modulationIndex) / sps, rng);
  };
}

/**
 * GFSK as GNU Radio's gfsk_mod(sps = 8, sensitivity = 0.1, bt = 0.35): NRZ bits through a
 * Gaussian frequency pulse, phase advancing `sensitivity` radians per sample at full deviation
 * (h = sensitivity·sps/π ≈ 0.25).
 */
export function gfskModulator(sensitivity = 0.1, bt = ROLL_OFF): Modulator {
  const sps = SAMPLES_PER_SYMBOL;
  const pulse = gaussianFrequencyPulse(bt, sps, 4);
  const settle = Math.ceil(pulse.length / sps);
  return (rng: Rng, samples: number): Baseband => {
    const count = Math.ceil(samples / sps) + 2 * settle + 1;
    const bits = new Float64Array(count);
    for (let s = 0; s < count; s++) bits[s] = rng.int(2) === 1 ? 1 : -1;
    // the pulse already spans one symbol, so upsampling uses a unit impulse per symbol
    const frequency = upsampleAndFilter(bits, sps, pulse);
    const start = settle * sps + rng.int(sps);
    return integratePhase(frequency, start, samples, sensitivity, rng);
  };
}
