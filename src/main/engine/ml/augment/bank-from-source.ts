// The signals the online augmenter mixes, read once from the training data: all of them when
// they fit the memory budget, otherwise a seeded uniform subset of that size (reservoir sampling).
import { createRng } from '../../base/random.ts';
import type { DataSource } from '../train/data.ts';
import type { SignalBank } from './signal-bank.ts';

export interface CollectedBank {
  bank: SignalBank;
  /** signals in the source */
  of: number;
}

export function collectBank(source: DataSource, maxBytes: number, seed: number): CollectedBank {
  const per = 2 * source.length;
  const capacity = Math.max(1, Math.min(source.count, Math.floor(maxBytes / (4 * per))));
  const x = new Float32Array(capacity * per);
  const y = new Int32Array(capacity);
  const snr = new Float32Array(capacity);
  const rng = createRng(seed);
  let seen = 0;
  for (const b of source.batches(1024, null)) {
    for (let j = 0; j < b.n; j++, seen++) {
      const slot = seen < capacity ? seen : rng.int(seen + 1);
      if (slot >= capacity) continue;
      x.set(b.x.subarray(j * per, (j + 1) * per), slot * per);
      y[slot] = b.y[j]!;
      snr[slot] = b.snr[j]!;
    }
  }
  const count = Math.min(seen, capacity);
  return { bank: { x: x.subarray(0, count * per), y: y.subarray(0, count), snr: snr.subarray(0, count), length: source.length, count }, of: seen };
}
