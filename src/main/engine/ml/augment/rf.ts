// The classic RF augmentations of one [2][length] signal, each drawn from the seeded generator:
//   swap   I and Q exchanged;
//   flip   I or Q negated (one of the two, at random);
//   phase  a carrier phase uniform in [0, 2π);
//   cfo    a carrier-frequency offset uniform in ±cfoMax cycles per sample, from a random phase;
//   shift  a circular shift uniform in ±shiftMax samples;
//   awgn   white Gaussian noise up to a target SNR (see addNoiseToSnr);
//   scale  an amplitude gain uniform in the range.
// They run in that order. All but AWGN and scale keep the energy; after AWGN the signal is put
// back on the dataset's energy convention (as the dataset normalised its noisy vectors), and the
// gain comes last because changing the level is its purpose.
import type { RfOpName, RfSpec } from '../../../../shared/augment.ts';
import type { Rng } from '../../base/random.ts';
import { meanPower } from '../../dsp/snr.ts';
import type { Baseband } from '../../dsp/synth/baseband.ts';
import { addWhiteNoise, rotateCarrier } from '../../dsp/synth/channel.ts';
import { energyOf, renormalise, type EnergyConvention } from './energy.ts';

export interface RfOutcome {
  signal: Float32Array;
  /** the signal's SNR after the augmentations (dB; NaN when unknown) */
  snr: number;
  /** what each augmentation drew: radians, cycles/sample, samples, dB, gain; swap and flip 1 / the rail negated */
  drawn: Partial<Record<RfOpName, number>>;
}

function toBaseband(signal: Float32Array, length: number): Baseband {
  return { re: Float64Array.from(signal.subarray(0, length)), im: Float64Array.from(signal.subarray(length, 2 * length)) };
}

function intoSignal(x: Baseband, signal: Float32Array, length: number): void {
  signal.set(x.re, 0);
  signal.set(x.im, length);
}

/**
 * Adds white Gaussian noise so that a signal labelled `snrDb` ends at `targetDb`, by the
 * per-sample power ratio RadioML labels with. Its power P is signal S plus the noise it already
 * holds, S = P / (1 + 10^(−snr/10)) (all signal when the SNR is unknown); the added noise power
 * is S·10^(−target/10) − (P − S). A target above the current SNR adds nothing (noise cannot be
 * removed). Returns the SNR the signal ends at.
 */
export function addNoiseToSnr(x: Baseband, snrDb: number, targetDb: number, rng: Rng): { noisy: Baseband; snrDb: number; addedPower: number } {
  const total = meanPower(x.re, x.im);
  const signal = Number.isFinite(snrDb) ? total / (1 + 10 ** (-snrDb / 10)) : total;
  const present = total - signal;
  const added = signal * 10 ** (-targetDb / 10) - present;
  if (!(added > 0)) return { noisy: x, snrDb, addedPower: 0 };
  return { noisy: addWhiteNoise(x, added, rng), snrDb: targetDb, addedPower: added };
}

function uniform(low: number, high: number, rng: Rng): number {
  return low + (high - low) * rng.next();
}

/** Applies the spec's augmentations to a copy of the signal. */
export function applyRf(input: Float32Array, length: number, snrDb: number, spec: RfSpec, convention: EnergyConvention, rng: Rng): RfOutcome {
  const signal = Float32Array.from(input);
  const drawn: RfOutcome['drawn'] = {};
  let snr = snrDb;
  const chosen = new Set(spec.ops);
  if (chosen.has('swap')) {
    const i = signal.slice(0, length);
    signal.copyWithin(0, length, 2 * length);
    signal.set(i, length);
    drawn.swap = 1;
  }
  if (chosen.has('flip')) {
    const rail = rng.int(2);
    for (let n = rail * length; n < (rail + 1) * length; n++) signal[n] = -signal[n]!;
    drawn.flip = rail;
  }
  if (chosen.has('phase') || chosen.has('cfo')) {
    const x = toBaseband(signal, length);
    const phase = 2 * Math.PI * rng.next();
    const offset = chosen.has('cfo') ? uniform(-spec.cfoMax, spec.cfoMax, rng) : 0;
    if (chosen.has('phase')) drawn.phase = phase;
    if (chosen.has('cfo')) drawn.cfo = offset;
    // a sample rate of 1 makes the offset's unit cycles per sample
    rotateCarrier(x, phase, offset, 1);
    intoSignal(x, signal, length);
  }
  if (chosen.has('shift')) {
    const shift = spec.shiftMax > 0 ? rng.int(2 * spec.shiftMax + 1) - spec.shiftMax : 0;
    const roll = ((shift % length) + length) % length;
    for (let rail = 0; rail < 2; rail++) {
      const row = signal.slice(rail * length, (rail + 1) * length);
      for (let n = 0; n < length; n++) signal[rail * length + ((n + roll) % length)] = row[n]!;
    }
    drawn.shift = shift;
  }
  // a drop below an unknown SNR has no target: such signals need an absolute one
  if (chosen.has('awgn') && (spec.awgnTargetDb || Number.isFinite(snrDb))) {
    const before = energyOf(signal, 0, length, convention);
    const target = spec.awgnTargetDb ? uniform(spec.awgnTargetDb[0], spec.awgnTargetDb[1], rng) : snrDb - uniform(spec.awgnDropDb[0], spec.awgnDropDb[1], rng);
    const { noisy, snrDb: after } = addNoiseToSnr(toBaseband(signal, length), snrDb, target, rng);
    intoSignal(noisy, signal, length);
    renormalise(signal, length, convention, before);
    drawn.awgn = target;
    snr = after;
  }
  if (chosen.has('scale')) {
    const gain = uniform(spec.scale[0], spec.scale[1], rng);
    for (let k = 0; k < 2 * length; k++) signal[k] = signal[k]! * gain;
    drawn.scale = gain;
  }
  return { signal, snr, drawn };
}
