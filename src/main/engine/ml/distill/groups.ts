// The real training set a distillation draws from, cut into the groups it matches one by one:
// one per class, or one per class × SNR cell. Each group gets its own ipc synthetic signals.
import { AppError } from '../../../../shared/errors.ts';
import type { Rng } from '../../base/random.ts';

/** Real signals in the store's layout: x is [n][2][length] float32. */
export interface RealSet {
  x: Float32Array;
  labels: Int32Array;
  /** dB per signal, NaN where unknown */
  snr: Float32Array;
  length: number;
  classes: string[];
}

export interface DistillGroup {
  label: number;
  /** the cell's SNR in dB, NaN for a whole class */
  snr: number;
  /** indices into the real set, ascending */
  members: Int32Array;
}

export function describeGroup(group: DistillGroup, classes: string[]): string {
  const name = classes[group.label] ?? `class ${group.label}`;
  return Number.isNaN(group.snr) ? name : `${name} at ${group.snr} dB`;
}

/**
 * Class-major groups, SNR ascending within a class with perSnr. Classes without training signals
 * get no group; a group smaller than ipc is an error naming it.
 */
export function distillGroups(real: RealSet, perSnr: boolean, ipc: number): DistillGroup[] {
  const byKey = new Map<string, { label: number; snr: number; members: number[] }>();
  for (let i = 0; i < real.labels.length; i++) {
    const label = real.labels[i]!;
    if (label < 0 || label >= real.classes.length) continue;
    const snr = perSnr ? real.snr[i]! : Number.NaN;
    if (perSnr && Number.isNaN(snr)) throw new AppError('VALIDATION', `distillation per SNR: signal ${i} (${real.classes[label]}) has no SNR label`);
    const key = `${label}\u0000${snr}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { label, snr, members: [] }));
    g.members.push(i);
  }
  const groups = [...byKey.values()]
    .sort((a, b) => a.label - b.label || a.snr - b.snr)
    .map((g) => ({ label: g.label, snr: g.snr, members: Int32Array.from(g.members) }));
  if (groups.length === 0) throw new AppError('VALIDATION', 'distillation: the training selection holds no labelled signals');
  for (const g of groups) {
    if (g.members.length < ipc) {
      throw new AppError('VALIDATION', `distillation: ${describeGroup(g, real.classes)} has ${g.members.length} training signals, fewer than ipc = ${ipc}`);
    }
  }
  return groups;
}

/** k distinct members of the group, in the order drawn (partial Fisher–Yates on a copy). */
export function drawMembers(group: DistillGroup, k: number, rng: Rng): Int32Array {
  const pool = Int32Array.from(group.members);
  const count = Math.min(k, pool.length);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(pool.length - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.slice(0, count);
}

/** The signals at `indices`, packed [k][2][length]. */
export function gatherSignals(real: RealSet, indices: ArrayLike<number>): Float32Array {
  const per = 2 * real.length;
  const out = new Float32Array(indices.length * per);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j]!;
    out.set(real.x.subarray(i * per, (i + 1) * per), j * per);
  }
  return out;
}
