// Who may be mixed with whom: signals of the same class, and of the same SNR unless the
// restriction is lifted. Unlabelled signals (class −1) have no partners. Never the signal itself.
import type { Rng } from '../../base/random.ts';
import type { SignalBank } from './signal-bank.ts';

/** The key of a signal's group: its class, and its SNR when partners must share it; null for unlabelled signals. */
export function groupKey(classIndex: number, snr: number, sameSnr: boolean): string | null {
  if (classIndex < 0) return null;
  return sameSnr ? `${classIndex}|${Number.isNaN(snr) ? 'unknown' : snr}` : `${classIndex}`;
}

export class PartnerGroups {
  private readonly byKey = new Map<string, Int32Array>();
  /** per bank index: the members of its group (itself included), and where it sits in them */
  private readonly groupOf: Int32Array[];
  private readonly positionOf: Int32Array;

  constructor(bank: SignalBank, readonly sameSnr: boolean) {
    const groups = new Map<string, number[]>();
    const keys: (string | null)[] = [];
    for (let k = 0; k < bank.count; k++) {
      const key = groupKey(bank.y[k]!, bank.snr[k]!, sameSnr);
      keys.push(key);
      if (key !== null) {
        let members = groups.get(key);
        if (!members) groups.set(key, (members = []));
        members.push(k);
      }
    }
    for (const [key, members] of groups) this.byKey.set(key, Int32Array.from(members));
    const none = new Int32Array(0);
    this.groupOf = keys.map((key) => (key === null ? none : this.byKey.get(key)!));
    this.positionOf = new Int32Array(bank.count).fill(-1);
    for (const members of this.byKey.values()) members.forEach((k, p) => (this.positionOf[k] = p));
  }

  /** The bank signals of a class (and SNR, when partners must share it); empty when none. */
  membersFor(classIndex: number, snr: number): Int32Array {
    const key = groupKey(classIndex, snr, this.sameSnr);
    return (key !== null && this.byKey.get(key)) || new Int32Array(0);
  }

  /** How many partners signal k has. */
  partnerCount(k: number): number {
    return Math.max(0, this.groupOf[k]!.length - 1);
  }

  /** The group of signal k, itself included. */
  members(k: number): Int32Array {
    return this.groupOf[k]!;
  }

  /** One partner of k drawn uniformly, or −1 when it has none. */
  randomPartner(k: number, rng: Rng): number {
    const count = this.partnerCount(k);
    if (count === 0) return -1;
    const p = rng.int(count);
    return this.groupOf[k]![p >= this.positionOf[k]! ? p + 1 : p]!;
  }

  /** Up to `wanted` distinct partners of k, in a random order. */
  distinctPartners(k: number, wanted: number, rng: Rng): number[] {
    const group = this.groupOf[k]!;
    const self = this.positionOf[k]!;
    const count = this.partnerCount(k);
    const take = Math.min(wanted, count);
    const at = (p: number): number => group[p >= self ? p + 1 : p]!;
    if (2 * take >= count) {
      // a partial Fisher–Yates over the positions when a large share of the group is wanted
      const positions = Int32Array.from({ length: count }, (_, p) => p);
      for (let t = 0; t < take; t++) {
        const j = t + rng.int(count - t);
        const swap = positions[t]!;
        positions[t] = positions[j]!;
        positions[j] = swap;
      }
      return Array.from(positions.subarray(0, take), at);
    }
    const seen = new Set<number>();
    const out: number[] = [];
    while (out.length < take) {
      const p = rng.int(count);
      if (seen.has(p)) continue;
      seen.add(p);
      out.push(at(p));
    }
    return out;
  }
}
