import { describe, expect, it } from 'vitest';
import { resolveAugmentSpec, type RfSpec, type RfSpecInput } from '../../../../../src/shared/augment.ts';
import { createRng } from '../../../../../src/main/engine/base/random.ts';
import { meanPower } from '../../../../../src/main/engine/dsp/snr.ts';
import { applyChannel, awgnOnlyChannel, channelInputLength } from '../../../../../src/main/engine/dsp/synth/channel.ts';
import { modulatorFor } from '../../../../../src/main/engine/dsp/synth/presets.ts';
import { energyOf } from '../../../../../src/main/engine/ml/augment/energy.ts';
import { addNoiseToSnr, applyRf } from '../../../../../src/main/engine/ml/augment/rf.ts';
import { signalAt } from '../../../../../src/main/engine/ml/augment/signal-bank.ts';
import { generatedBank } from './bank.ts';

function rfSpec(partial: RfSpecInput): RfSpec {
  return resolveAugmentSpec({ rf: partial }).rf!;
}

const bank = generatedBank({ length: 128 });
const length = 128;

describe('AWGN to a target SNR', () => {
  it.each([
    [18, 6],
    [10, 0],
    [6, -4],
  ])('brings signals generated at %i dB to %i dB: the noise it adds plus the noise they held', (snr, target) => {
    const rng = createRng(snr * 100 + target);
    const modulate = modulatorFor('rml2016', 'QPSK');
    let signal = 0;
    let noise = 0;
    for (let v = 0; v < 200; v++) {
      const y = applyChannel(modulate(rng, channelInputLength(length, awgnOnlyChannel)), length, snr, awgnOnlyChannel, rng);
      const out = addNoiseToSnr({ re: y.re, im: y.im }, snr, target, rng);
      expect(out.snrDb).toBe(target);
      signal += meanPower(y.clean.re, y.clean.im);
      noise += meanPower(out.noisy.re.map((r, n) => r - y.clean.re[n]!), out.noisy.im.map((q, n) => q - y.clean.im[n]!));
    }
    expect(Math.abs(10 * Math.log10(signal / noise) - target)).toBeLessThan(0.3);
  });

  it('treats a signal of unknown SNR as clean, and adds nothing when asked for a higher SNR', () => {
    const rng = createRng(1);
    const tone = { re: Float64Array.from({ length: 4096 }, (_, n) => Math.cos(0.1 * n)), im: Float64Array.from({ length: 4096 }, (_, n) => Math.sin(0.1 * n)) };
    const out = addNoiseToSnr(tone, Number.NaN, 3, rng);
    const noise = meanPower(out.noisy.re.map((r, n) => r - tone.re[n]!), out.noisy.im.map((q, n) => q - tone.im[n]!));
    expect(Math.abs(10 * Math.log10(1 / noise) - 3)).toBeLessThan(0.15);
    const none = addNoiseToSnr(tone, 5, 10, rng);
    expect(none.addedPower).toBe(0);
    expect(none.noisy).toBe(tone);
  });

  it('puts the noisy vector back on the dataset convention and records the new SNR', () => {
    const spec = rfSpec({ ops: ['awgn'], awgnTargetDb: [2, 2] });
    const k = bank.count - 1; // an 18 dB signal
    const out = applyRf(signalAt(bank, k), length, bank.snr[k]!, spec, 'l1', createRng(3));
    expect(out.snr).toBe(2);
    expect(out.drawn.awgn).toBe(2);
    expect(energyOf(out.signal, 0, length, 'l1')).toBeCloseTo(1, 5);
  });
});

describe('the other RF augmentations', () => {
  const k = 5;
  const original = signalAt(bank, k);
  const run = (ops: RfSpec['ops'], extra: Partial<RfSpecInput> = {}, seed = 2) => applyRf(original, length, bank.snr[k]!, rfSpec({ ops, ...extra }), 'l1', createRng(seed));

  it('phase rotation turns every sample by the drawn angle and keeps the energy', () => {
    const out = run(['phase']);
    const phi = out.drawn.phase!;
    for (let n = 0; n < length; n++) {
      expect(out.signal[n]).toBeCloseTo(original[n]! * Math.cos(phi) - original[length + n]! * Math.sin(phi), 6);
      expect(out.signal[length + n]).toBeCloseTo(original[n]! * Math.sin(phi) + original[length + n]! * Math.cos(phi), 6);
    }
    expect(energyOf(out.signal, 0, length, 'power')).toBeCloseTo(energyOf(original, 0, length, 'power'), 8);
  });

  it('CFO advances the phase by 2π·f per sample against the phase-rotated signal', () => {
    const withCfo = run(['phase', 'cfo'], { cfoMax: 0.01 });
    const f = withCfo.drawn.cfo!;
    expect(Math.abs(f)).toBeLessThanOrEqual(0.01);
    const phi = withCfo.drawn.phase!;
    for (const n of [0, 17, 100]) {
      const angle = phi + 2 * Math.PI * f * n;
      expect(withCfo.signal[n]).toBeCloseTo(original[n]! * Math.cos(angle) - original[length + n]! * Math.sin(angle), 6);
    }
  });

  it('swap exchanges the rails, flip negates one, shift rolls both, scale multiplies', () => {
    const swapped = run(['swap']);
    expect(swapped.signal.subarray(0, length)).toEqual(original.subarray(length));
    expect(swapped.signal.subarray(length)).toEqual(original.subarray(0, length));
    const flipped = run(['flip']);
    const rail = flipped.drawn.flip!;
    for (let n = 0; n < length; n++) {
      expect(flipped.signal[rail * length + n]).toBe(-original[rail * length + n]!);
      expect(flipped.signal[(1 - rail) * length + n]).toBe(original[(1 - rail) * length + n]);
    }
    const shifted = run(['shift'], { shiftMax: 20 });
    const s = shifted.drawn.shift!;
    expect(Math.abs(s)).toBeLessThanOrEqual(20);
    for (let n = 0; n < length; n++) expect(shifted.signal[(n + s + length) % length]).toBe(original[n]);
    const scaled = run(['scale'], { scale: [0.5, 2] });
    const g = scaled.drawn.scale!;
    expect(g).toBeGreaterThanOrEqual(0.5);
    expect(g).toBeLessThanOrEqual(2);
    for (let n = 0; n < 2 * length; n++) expect(scaled.signal[n]).toBeCloseTo(original[n]! * g, 7);
  });

  it('draws from the seed: the same seed gives the same bytes, another seed other draws; the input is untouched', () => {
    const copy = Float32Array.from(original);
    const ops: RfSpec['ops'] = ['swap', 'flip', 'phase', 'cfo', 'shift', 'awgn', 'scale'];
    expect(run(ops, {}, 9).signal).toEqual(run(ops, {}, 9).signal);
    expect(run(ops, {}, 9).signal).not.toEqual(run(ops, {}, 10).signal);
    expect(original).toEqual(copy);
  });
});
