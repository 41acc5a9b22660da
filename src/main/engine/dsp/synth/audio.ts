// An audio-like message for the analog modulators: a voiced sound (a random fundamental with
// decaying harmonics), some low-passed noise (unvoiced sound) and a syllable-rate envelope.
// Deterministic for a given rng state; band-limited to a few kHz.
import type { Rng } from '../../base/random.ts';

export interface AudioOptions {
  sampleRateHz: number;
  /** number of harmonics of the fundamental (default 8) */
  harmonics?: number;
}

/** brings the low-passed noise to roughly the level of the voiced part */
const NOISE_GAIN = 4;

/** `samples` values in [−1, 1] (clipped at the source's 3σ peak), starting at a random instant. */
export function audioLikeSource(rng: Rng, samples: number, options: AudioOptions): Float64Array {
  const fs = options.sampleRateHz;
  const harmonics = options.harmonics ?? 8;
  const fundamentalHz = 90 + 210 * rng.next();
  const startS = 10 * rng.next();
  // each harmonic is a unit phasor (cos, sin) turned by its own step every sample
  const amplitudes = new Float64Array(harmonics);
  const cos = new Float64Array(harmonics);
  const sin = new Float64Array(harmonics);
  const stepCos = new Float64Array(harmonics);
  const stepSin = new Float64Array(harmonics);
  for (let h = 0; h < harmonics; h++) {
    amplitudes[h] = (0.3 + 0.7 * rng.next()) / (h + 1);
    const phase = 2 * Math.PI * (rng.next() + fundamentalHz * (h + 1) * startS);
    cos[h] = Math.cos(phase);
    sin[h] = Math.sin(phase);
    stepCos[h] = Math.cos((2 * Math.PI * fundamentalHz * (h + 1)) / fs);
    stepSin[h] = Math.sin((2 * Math.PI * fundamentalHz * (h + 1)) / fs);
  }
  const noiseShare = 0.4 * rng.next();
  const syllableHz = 3 + 3 * rng.next();
  // one-pole low-pass at ~3 kHz for the noise component, warmed up before the first sample
  const pole = Math.exp((-2 * Math.PI * 3000) / fs);
  let noiseState = 0;
  for (let n = 0; n < 64; n++) noiseState = pole * noiseState + (1 - pole) * rng.normal();

  const noiseStd = Math.sqrt((1 - pole) / (1 + pole));
  // scale by the peak the source can reach (noise at 3σ), not this window's peak, so loud and
  // quiet passages differ as they would in a recording
  const reachable = (1 - noiseShare) * harmonicsPeak(amplitudes) + noiseShare * 3 * noiseStd * NOISE_GAIN;
  const out = new Float64Array(samples);
  for (let n = 0; n < samples; n++) {
    const t = startS + n / fs;
    let voiced = 0;
    for (let h = 0; h < harmonics; h++) {
      voiced += amplitudes[h] * sin[h];
      const c = cos[h] * stepCos[h] - sin[h] * stepSin[h];
      sin[h] = sin[h] * stepCos[h] + cos[h] * stepSin[h];
      cos[h] = c;
    }
    noiseState = pole * noiseState + (1 - pole) * rng.normal();
    const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * syllableHz * t);
    const v = envelope * ((1 - noiseShare) * voiced + noiseShare * NOISE_GAIN * noiseState);
    out[n] = Math.max(-1, Math.min(1, v / reachable));
  }
  return out;
}

function harmonicsPeak(amplitudes: Float64Array): number {
  let sum = 0;
  for (const a of amplitudes) sum += a;
  return sum;
}
