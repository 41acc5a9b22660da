// Small banks of generated RadioML-style signals (the full RadioML channel) for the augmentation tests.
import type { VectorNormalisation } from '../../../../../src/main/engine/dsp/synth/generate.ts';
import type { SignalBank } from '../../../../../src/main/engine/ml/augment/signal-bank.ts';
import { syntheticArrays } from '../train/synthetic.ts';

export const bankClasses = ['BPSK', 'QPSK', 'GFSK'];

/** perKey signals of each class at each SNR, class-major. */
export function generatedBank(options: { seed?: number; perKey?: number; snrs?: number[]; length?: number; normalisation?: VectorNormalisation } = {}): SignalBank {
  const { seed = 1, perKey = 12, snrs = [0, 18], length = 64, normalisation = 'rml-l1' } = options;
  const arrays = syntheticArrays(seed, perKey, length, snrs, { classes: bankClasses, normalisation, channel: {} });
  return { ...arrays, length, count: arrays.y.length };
}
