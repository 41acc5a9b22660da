// Online augmentation: each training batch, every sample is replaced with probability p by a
// fresh augmented signal, so every epoch sees new mixes while the stored data stay untouched and
// the batch keeps its size (the step count and the compute per step are those of the plain run).
// The augmented signal is made from the sample itself when the bank holds it; when the bank is a
// subset of a large training set, from a bank signal of the sample's class and SNR instead.
import type { Rng } from '../../base/random.ts';
import type { Augmenter } from './augmenter.ts';
import { PartnerGroups } from './partners.ts';

export interface BatchArrays {
  /** [n][2][length] */
  x: Float32Array;
  y: Int32Array;
  /** dB, NaN where unknown */
  snr: Float32Array;
}

export interface OnlineTally {
  /** samples replaced by an augmented signal */
  replaced: number;
  /** of those, made from a stand-in of the same class and SNR (the sample was not in the bank) */
  standIns: number;
  /** time spent making augmented signals, seconds */
  seconds: number;
}

/** FNV-1a over a sample's float bits: finds a batch sample in the bank without comparing to all. */
function sampleHash(words: Uint32Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) {
    h ^= words[k]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class OnlineAugmentation {
  readonly tally: OnlineTally = { replaced: 0, standIns: 0, seconds: 0 };
  private readonly cells: PartnerGroups;
  private readonly byHash = new Map<number, number[]>();
  private readonly bankWords: Uint32Array;
  private readonly per: number;

  constructor(
    private readonly augmenter: Augmenter,
    private readonly probability: number,
  ) {
    const { bank } = augmenter;
    this.per = 2 * bank.length;
    this.cells = new PartnerGroups(bank, true);
    this.bankWords = new Uint32Array(bank.x.buffer, bank.x.byteOffset, bank.x.length);
    for (let k = 0; k < bank.count; k++) {
      const h = sampleHash(this.bankWords, k * this.per, (k + 1) * this.per);
      const list = this.byHash.get(h);
      if (list) list.push(k);
      else this.byHash.set(h, [k]);
    }
  }

  /** The bank index holding exactly this sample, or −1. */
  private find(words: Uint32Array, j: number): number {
    const from = j * this.per;
    for (const k of this.byHash.get(sampleHash(words, from, from + this.per)) ?? []) {
      let same = true;
      for (let t = 0; t < this.per && same; t++) same = this.bankWords[k * this.per + t] === words[from + t];
      if (same) return k;
    }
    return -1;
  }

  /** A new batch (the input is not changed): labels kept, signals replaced with probability p. */
  apply(batch: BatchArrays, rng: Rng): BatchArrays {
    const started = performance.now();
    const x = Float32Array.from(batch.x);
    const snr = Float32Array.from(batch.snr);
    const words = new Uint32Array(batch.x.buffer, batch.x.byteOffset, batch.x.length);
    for (let j = 0; j < batch.y.length; j++) {
      if (rng.next() >= this.probability) continue;
      let k = this.find(words, j);
      let standIn = false;
      if (k < 0) {
        const cell = this.cells.membersFor(batch.y[j]!, batch.snr[j]!);
        if (cell.length === 0) continue;
        k = cell[rng.int(cell.length)]!;
        standIn = true;
      }
      const outcome = this.augmenter.augment(k, rng);
      if (!outcome) continue;
      x.set(outcome.signal, j * this.per);
      snr[j] = outcome.snr;
      this.tally.replaced++;
      if (standIn) this.tally.standIns++;
    }
    this.tally.seconds += (performance.now() - started) / 1000;
    return { x, y: batch.y, snr };
  }
}

/** The tally per epoch, as a training run records it. */
export function epochTally(tally: OnlineTally, epochs: number): { replacedPerEpoch: number; standInsPerEpoch: number; secondsPerEpoch: number } {
  const per = Math.max(1, epochs);
  return { replacedPerEpoch: tally.replaced / per, standInsPerEpoch: tally.standIns / per, secondsPerEpoch: tally.seconds / per };
}
