// The signals an augmenter mixes: a labelled set held in memory, [count][2][length] float32.
import type { LoadedSamples } from '../../store/types.ts';

export type SignalBank = Pick<LoadedSamples, 'x' | 'y' | 'snr' | 'length' | 'count'>;

/** Sample k of the bank as a [2][length] view (no copy). */
export function signalAt(bank: SignalBank, k: number): Float32Array {
  const per = 2 * bank.length;
  return bank.x.subarray(k * per, (k + 1) * per);
}
