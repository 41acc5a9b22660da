import { describe, expect, it } from 'vitest';
import { estimateSnrDb, meanPower, powerRatioDb } from '../../../../src/main/engine/dsp/snr.ts';
import { applyChannel, awgnOnlyChannel, channelInputLength, rmlChannel } from '../../../../src/main/engine/dsp/synth/channel.ts';
import { modulatorFor } from '../../../../src/main/engine/dsp/synth/presets.ts';
import { createRng } from '../../../../src/main/engine/base/random.ts';

describe('meanPower / powerRatioDb', () => {
  it('computes mean |x|² and its ratio in dB', () => {
    expect(meanPower([3, 0], [4, 1])).toBe(13);
    expect(powerRatioDb(100, 1)).toBe(20);
  });
});

describe('estimateSnrDb (blind, from the spectrum)', () => {
  const length = 65_536;
  it.each([
    ['QPSK', -5],
    ['QPSK', 0],
    ['QAM16', 10],
    ['BPSK', 20],
  ] as const)('recovers the SNR of a long %s record at %i dB within ±0.5 dB, with and without the RML channel', (className, snr) => {
    const rng = createRng(50 + snr);
    const modulate = modulatorFor('rml2016', className);
    for (const channel of [awgnOnlyChannel, rmlChannel]) {
      const y = applyChannel(modulate(rng, channelInputLength(length, channel)), length, snr, channel, rng);
      expect(Math.abs(estimateSnrDb(y.re, y.im).snrDb - snr)).toBeLessThan(0.5);
    }
  });

  it('reads pure noise as a very low SNR', () => {
    const rng = createRng(1);
    const i = Float64Array.from({ length: 8192 }, () => rng.normal());
    const q = Float64Array.from({ length: 8192 }, () => rng.normal());
    expect(estimateSnrDb(i, q).snrDb).toBeLessThan(-10);
  });
});
