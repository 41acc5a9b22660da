// Where training batches come from: arrays in memory, or a split of a dataset in the store.
import type { ProjectStore } from '../../store/project.ts';
import type { SampleFilter } from '../../store/types.ts';
import { createRng } from '../../base/random.ts';

export interface Batch {
  /** [n][2][length] float32 */
  x: Float32Array;
  y: Int32Array;
  /** dB per sample, NaN where unknown */
  snr: Float32Array;
  n: number;
}

export interface DataSource {
  readonly count: number;
  readonly length: number;
  /** One pass over the data; shuffled with `shuffleSeed` when given, in stored order when null. */
  batches(batchSize: number, shuffleSeed: number | null): Iterable<Batch>;
}

export function arraySource(x: Float32Array, y: Int32Array, length: number, snr?: Float32Array): DataSource {
  const count = y.length;
  const per = 2 * length;
  const snrs = snr ?? new Float32Array(count).fill(Number.NaN);
  return {
    count,
    length,
    *batches(batchSize, shuffleSeed) {
      const order = Int32Array.from({ length: count }, (_, i) => i);
      if (shuffleSeed !== null) createRng(shuffleSeed).shuffle(order);
      for (let start = 0; start < count; start += batchSize) {
        const idx = order.subarray(start, Math.min(count, start + batchSize));
        const bx = new Float32Array(idx.length * per);
        const by = new Int32Array(idx.length);
        const bs = new Float32Array(idx.length);
        idx.forEach((k, j) => {
          bx.set(x.subarray(k * per, (k + 1) * per), j * per);
          by[j] = y[k]!;
          bs[j] = snrs[k]!;
        });
        yield { x: bx, y: by, snr: bs, n: idx.length };
      }
    },
  };
}

/** Streams a selection from the store, never holding more than the store's shuffle window. */
export function storeSource(store: ProjectStore, filter: SampleFilter): DataSource {
  const { length } = store.getDataset(filter.datasetId);
  const count = store.pageSamples(filter, { offset: 0, limit: 0 }).total;
  return {
    count,
    length,
    *batches(batchSize, shuffleSeed) {
      const options = shuffleSeed === null ? { shuffle: false } : { shuffle: true, seed: shuffleSeed };
      for (const b of store.streamBatches(filter, batchSize, options)) {
        yield { x: b.x, y: b.y, snr: b.snr, n: b.count };
      }
    },
  };
}
