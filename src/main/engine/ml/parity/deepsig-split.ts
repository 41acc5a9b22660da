// The DeepSig RML2016 notebook's data layout and hold-out split, rebuilt from a stored dataset:
// X stacked mod-major over sorted modulation names and sorted SNRs (rows of one key keep their
// file order), then np.random.seed(2016); train = np.random.choice(n, n // 2, replace=False);
// test = the remaining indices in ascending order.
import { AppError } from '../../../../shared/errors.ts';
import type { LoadedSamples } from '../../store/types.ts';
import { legacyChoiceWithoutReplacement } from './numpy-legacy-random.ts';

export const DEEPSIG_SPLIT_SEED = 2016;

export interface StackedDataset {
  /** [n][2][length] float32, mod-major order */
  x: Float32Array;
  /** index into `classes` (sorted modulation names) */
  y: Int32Array;
  snr: Float32Array;
  classes: string[];
  snrs: number[];
  length: number;
  count: number;
}

/** Python's sorted() on ASCII/BMP strings: code-unit order, not locale order. */
function codeUnitCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Reorders samples (in their stored, i.e. file, order) the way the notebook stacks them.
 * `classes` are the dataset's class names indexed by the samples' class index.
 */
export function stackModMajor(samples: LoadedSamples, classes: readonly string[], where: string): StackedDataset {
  const { count, length } = samples;
  const sortedClasses = [...classes].sort(codeUnitCompare);
  const rank = new Int32Array(classes.length);
  classes.forEach((name, k) => (rank[k] = sortedClasses.indexOf(name)));
  for (let i = 0; i < count; i++) {
    const c = samples.y[i]!;
    if (c < 0 || c >= classes.length) throw new AppError('BAD_FILE', `${where}: sample ${i} has no modulation label (class index ${c})`);
    if (Number.isNaN(samples.snr[i]!)) throw new AppError('BAD_FILE', `${where}: sample ${i} has no SNR; the DeepSig layout needs (modulation, snr) keys`);
  }
  // Array.prototype.sort is stable, so rows of one (mod, snr) key keep their order.
  const order = Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => rank[samples.y[a]!]! - rank[samples.y[b]!]! || samples.snr[a]! - samples.snr[b]!,
  );
  const per = 2 * length;
  const x = new Float32Array(count * per);
  const y = new Int32Array(count);
  const snr = new Float32Array(count);
  order.forEach((from, to) => {
    x.set(samples.x.subarray(from * per, (from + 1) * per), to * per);
    y[to] = rank[samples.y[from]!]!;
    snr[to] = samples.snr[from]!;
  });
  const snrs = [...new Set(snr)].sort((a, b) => a - b);
  return { x, y, snr, classes: sortedClasses, snrs, length, count };
}

export interface DeepsigSplit {
  /** in np.random.choice order */
  train: Int32Array;
  /** ascending */
  test: Int32Array;
}

export function deepsigSplit(n: number): DeepsigSplit {
  const train = legacyChoiceWithoutReplacement(DEEPSIG_SPLIT_SEED, n, Math.floor(n / 2));
  const inTrain = new Uint8Array(n);
  for (const i of train) inTrain[i] = 1;
  const test = new Int32Array(n - train.length);
  let at = 0;
  for (let i = 0; i < n; i++) if (!inTrain[i]) test[at++] = i;
  return { train, test };
}

/** The rows `indices` of a stacked dataset, in that order. */
export function takeRows(data: StackedDataset, indices: Int32Array): { x: Float32Array; y: Int32Array; snr: Float32Array } {
  const per = 2 * data.length;
  const x = new Float32Array(indices.length * per);
  const y = new Int32Array(indices.length);
  const snr = new Float32Array(indices.length);
  indices.forEach((k, j) => {
    x.set(data.x.subarray(k * per, (k + 1) * per), j * per);
    y[j] = data.y[k]!;
    snr[j] = data.snr[k]!;
  });
  return { x, y, snr };
}
