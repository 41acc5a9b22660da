// Analog modulations of the audio-like message at the 200 kHz baseband rate.
import type { Rng } from '../../base/random.ts';
import { analyticSignal } from '../hilbert.ts';
import { nextPowerOfTwo } from '../fft.ts';
import { SAMPLE_RATE_HZ, type Baseband, type Modulator } from './baseband.ts';
import { audioLikeSource } from './audio.ts';

/** Double-sideband AM: with carrier 1 + m·a(t) (modulation index m), suppressed carrier a(t). */
export function amDsbModulator(modulationIndex = 0.5, withCarrier = true): Modulator {
  return (rng: Rng, samples: number): Baseband => {
    const audio = audioLikeSource(rng, samples, { sampleRateHz: SAMPLE_RATE_HZ });
    const re = new Float64Array(samples);
    for (let n = 0; n < samples; n++) re[n] = withCarrier ? 1 + modulationIndex * audio[n] : audio[n];
    return { re, im: new Float64Array(samples) };
  };
}

/**
 * Upper-sideband suppressed-carrier AM: the analytic signal a + j·H{a}. The Hilbert transform is
 * taken over a longer stretch and the middle kept, so block-edge effects stay outside the output.
 * With a carrier: 1 + m·(a + j·H{a}). (The RML2016 generator's AM-SSB multiplies by sin(0) and so
 * carries only noise; this one carries the message.)
 */
export function amSsbModulator(withCarrier = false, modulationIndex = 0.8): Modulator {
  return (rng: Rng, samples: number): Baseband => {
    // a power-of-two block keeps the transform on the fast radix-2 path
    const block = nextPowerOfTwo(samples + 2 * 128);
    const guard = (block - samples) >> 1;
    const audio = audioLikeSource(rng, block, { sampleRateHz: SAMPLE_RATE_HZ });
    const analytic = analyticSignal(audio);
    const re = analytic.re.slice(guard, guard + samples);
    const im = analytic.im.slice(guard, guard + samples);
    if (withCarrier) {
      for (let n = 0; n < samples; n++) {
        re[n] = 1 + modulationIndex * re[n];
        im[n] *= modulationIndex;
      }
    }
    return { re, im };
  };
}

/** Wideband FM: instantaneous frequency = deviation·a(t) (broadcast FM: 75 kHz peak deviation). */
export function wbfmModulator(peakDeviationHz = 75e3): Modulator {
  return (rng: Rng, samples: number): Baseband => {
    const audio = audioLikeSource(rng, samples, { sampleRateHz: SAMPLE_RATE_HZ });
    const re = new Float64Array(samples);
    const im = new Float64Array(samples);
    const radPerSample = (2 * Math.PI * peakDeviationHz) / SAMPLE_RATE_HZ;
    let phase = 2 * Math.PI * rng.next();
    for (let n = 0; n < samples; n++) {
      phase += radPerSample * audio[n];
      re[n] = Math.cos(phase);
      im[n] = Math.sin(phase);
    }
    return { re, im };
  };
}
