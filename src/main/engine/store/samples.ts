// Reading samples: contiguous loads for training, seeded streaming batches, paging for the UI.
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import { getDataset } from './datasets.ts';
import { createRng } from '../base/random.ts';
import { filterClause } from './sample-filter.ts';
import type { LoadedSamples, SampleFilter, Split } from './types.ts';

/** The selection's index, in dataset order: one entry per sample. */
interface SelectionIndex {
  ids: Int32Array;
  y: Int32Array;
  snr: Float32Array;
  chunkIds: Float64Array;
  chunkPos: Int32Array;
  length: number;
}

export interface SampleRow {
  id: number;
  index: number;
  classIndex: number;
  className: string | null;
  snr: number | null;
  split: Split;
  sourceOffset: number;
}

export interface SampleDetail extends SampleRow {
  datasetId: number;
  annotationId: number | null;
  length: number;
  /** [2][length]: I then Q */
  iq: Float32Array;
}

export interface SamplePage {
  total: number;
  rows: SampleRow[];
}

export interface StreamOptions {
  seed?: number;
  shuffle?: boolean;
  /** memory for one shuffle window; the whole selection is shuffled uniformly when it fits */
  bufferBytes?: number;
  /** drop the last, smaller batch */
  dropRemainder?: boolean;
}

const maxPageLimit = 10_000;

function selectIndex(db: Database, filter: SampleFilter): SelectionIndex {
  return db.transaction(() => {
    const { length } = getDataset(db, filter.datasetId);
    const where = filterClause(filter);
    const rows = db
      .prepare(`SELECT s.id, s.class_idx, s.snr, s.chunk_id, s.chunk_pos FROM samples s WHERE ${where.sql} ORDER BY s.idx`)
      .raw()
      .all(...where.params) as [number, number, number | null, number, number][];
    const n = rows.length;
    const index: SelectionIndex = {
      ids: new Int32Array(n),
      y: new Int32Array(n),
      snr: new Float32Array(n),
      chunkIds: new Float64Array(n),
      chunkPos: new Int32Array(n),
      length,
    };
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      index.ids[i] = r[0];
      index.y[i] = r[1];
      index.snr[i] = r[2] ?? Number.NaN;
      index.chunkIds[i] = r[3];
      index.chunkPos[i] = r[4];
    }
    return index;
  })();
}

function readChunk(db: Database, chunkId: number): Uint8Array {
  const data = db.prepare('SELECT data FROM chunks WHERE id = ?').pluck().get(chunkId) as Buffer | undefined;
  if (!data) throw new AppError('NOT_FOUND', `sample chunk ${chunkId} is gone (was its dataset deleted?)`);
  return data;
}

/**
 * Copies the samples at positions [from, to) of the index into out (as bytes, since a blob
 * buffer need not be 4-byte aligned), reading each chunk once and copying runs of adjacent samples at once.
 */
function copySamples(db: Database, index: SelectionIndex, from: number, to: number, out: Uint8Array, outSample: number): void {
  const sampleBytes = 2 * index.length * 4;
  let i = from;
  while (i < to) {
    const chunkId = index.chunkIds[i]!;
    const chunk = readChunk(db, chunkId);
    while (i < to && index.chunkIds[i] === chunkId) {
      let run = 1;
      while (i + run < to && index.chunkIds[i + run] === chunkId && index.chunkPos[i + run] === index.chunkPos[i]! + run) run++;
      const start = index.chunkPos[i]! * sampleBytes;
      out.set(chunk.subarray(start, start + run * sampleBytes), (outSample + i - from) * sampleBytes);
      i += run;
    }
  }
}

function pick(index: SelectionIndex, order: Int32Array | null, from: number, to: number): Omit<LoadedSamples, 'x'> {
  const count = to - from;
  const y = new Int32Array(count);
  const snr = new Float32Array(count);
  const ids = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const i = order ? order[from + k]! : from + k;
    y[k] = index.y[i]!;
    snr[k] = index.snr[i]!;
    ids[k] = index.ids[i]!;
  }
  return { y, snr, ids, length: index.length, count };
}

/** The whole selection as one contiguous [n][2][length] array, in dataset order. */
export function loadSamples(db: Database, filter: SampleFilter): LoadedSamples {
  const index = selectIndex(db, filter);
  const n = index.ids.length;
  const x = new Float32Array(n * 2 * index.length);
  db.transaction(() => copySamples(db, index, 0, n, new Uint8Array(x.buffer), 0))();
  return { x, ...pick(index, null, 0, n) };
}

/**
 * Batches for data larger than memory. Chunks are visited in a seeded order and samples are
 * shuffled within a window of `bufferBytes`; when the selection fits one window the shuffle is
 * a uniform permutation. The index is taken once, at the start.
 */
export function* streamBatches(
  db: Database,
  filter: SampleFilter,
  batchSize: number,
  options: StreamOptions = {},
): Generator<LoadedSamples, void, undefined> {
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new AppError('VALIDATION', `batch size must be a positive integer, found ${batchSize}`);
  }
  const { seed = 0, shuffle = false, bufferBytes = 256 * 2 ** 20, dropRemainder = false } = options;
  const index = selectIndex(db, filter);
  const n = index.ids.length;
  const floatsPerSample = 2 * index.length;
  const rng = createRng(seed);

  // Runs of the selection that share a chunk, in the order they will be read.
  const runs: [number, number][] = [];
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && index.chunkIds[j] === index.chunkIds[i]) j++;
    runs.push([i, j]);
    i = j;
  }
  if (shuffle) {
    const order = rng.shuffle(Int32Array.from(runs.keys()));
    const shuffled = Array.from(order, (k) => runs[k]!);
    runs.splice(0, runs.length, ...shuffled);
  }

  const windowSamples = Math.max(batchSize, Math.floor(bufferBytes / (floatsPerSample * 4)));
  let carry: LoadedSamples | null = null;
  let r = 0;
  while (r < runs.length) {
    // Gather whole runs until the window is full (at least one run per window).
    const windowRuns: [number, number][] = [];
    let size = 0;
    while (r < runs.length && (windowRuns.length === 0 || size + runs[r]![1] - runs[r]![0] <= windowSamples)) {
      windowRuns.push(runs[r]!);
      size += runs[r]![1] - runs[r]![0];
      r++;
    }
    const carried: number = carry?.count ?? 0;
    const total: number = carried + size;
    const x = new Float32Array(total * floatsPerSample);
    const y = new Int32Array(total);
    const snr = new Float32Array(total);
    const ids = new Int32Array(total);
    if (carry) {
      x.set(carry.x);
      y.set(carry.y);
      snr.set(carry.snr);
      ids.set(carry.ids);
    }
    let at = carried;
    for (const [from, to] of windowRuns) {
      copySamples(db, index, from, to, new Uint8Array(x.buffer), at);
      const meta = pick(index, null, from, to);
      y.set(meta.y, at);
      snr.set(meta.snr, at);
      ids.set(meta.ids, at);
      at += to - from;
    }
    const order = Int32Array.from({ length: total }, (_, k) => k);
    if (shuffle) rng.shuffle(order);
    const last = r >= runs.length;
    const full: number = Math.floor(total / batchSize) * batchSize;
    const emitEnd = last ? total : full;
    for (let b = 0; b < emitEnd; b += batchSize) {
      const end = Math.min(b + batchSize, emitEnd);
      if (end - b < batchSize && dropRemainder) break;
      yield gather(x, y, snr, ids, order, b, end, index.length);
    }
    carry = last || full === total ? null : gather(x, y, snr, ids, order, full, total, index.length);
  }
}

function gather(
  x: Float32Array,
  y: Int32Array,
  snr: Float32Array,
  ids: Int32Array,
  order: Int32Array,
  from: number,
  to: number,
  length: number,
): LoadedSamples {
  const count = to - from;
  const floatsPerSample = 2 * length;
  const batch: LoadedSamples = {
    x: new Float32Array(count * floatsPerSample),
    y: new Int32Array(count),
    snr: new Float32Array(count),
    ids: new Int32Array(count),
    length,
    count,
  };
  for (let k = 0; k < count; k++) {
    const i = order[from + k]!;
    batch.x.set(x.subarray(i * floatsPerSample, (i + 1) * floatsPerSample), k * floatsPerSample);
    batch.y[k] = y[i]!;
    batch.snr[k] = snr[i]!;
    batch.ids[k] = ids[i]!;
  }
  return batch;
}

const rowColumns = `s.id, s.idx, s.class_idx, c.name AS class_name, s.snr, s.split, s.source_offset`;
const classJoin = 'LEFT JOIN classes c ON c.dataset_id = s.dataset_id AND c.idx = s.class_idx';

interface RawSampleRow {
  id: number;
  idx: number;
  class_idx: number;
  class_name: string | null;
  snr: number | null;
  split: Split;
  source_offset: number;
}

function toRow(r: RawSampleRow): SampleRow {
  return {
    id: r.id,
    index: r.idx,
    classIndex: r.class_idx,
    className: r.class_name,
    snr: r.snr,
    split: r.split,
    sourceOffset: r.source_offset,
  };
}

export function pageSamples(db: Database, filter: SampleFilter, page: { offset: number; limit: number }): SamplePage {
  if (!Number.isInteger(page.offset) || page.offset < 0 || !Number.isInteger(page.limit) || page.limit < 0 || page.limit > maxPageLimit) {
    throw new AppError(
      'VALIDATION',
      `sample page: offset must be an integer ≥ 0 and limit an integer in 0..${maxPageLimit}, found offset ${page.offset}, limit ${page.limit}`,
    );
  }
  return db.transaction(() => {
    const dataset = getDataset(db, filter.datasetId);
    const where = filterClause(filter);
    const unfiltered = Object.entries(filter).every(([key, value]) => key === 'datasetId' || value === undefined);
    const total = unfiltered
      ? dataset.count
      : (db.prepare(`SELECT count(*) FROM samples s WHERE ${where.sql}`).pluck().get(...where.params) as number);
    // Unfiltered, a page is a range of positions (0 … count − 1, written in order): one index seek,
    // as fast deep in the dataset as at its start, where an OFFSET walked every row before it.
    // Filtered, sample ids grow with the position inside a dataset (written in order), so the page
    // of ids comes from a covering index alone; only those rows are then read in full.
    const rows = (
      unfiltered
        ? db
            .prepare(`SELECT ${rowColumns} FROM samples s ${classJoin} WHERE s.dataset_id = ? AND s.idx >= ? AND s.idx < ? ORDER BY s.idx`)
            .all(filter.datasetId, page.offset, page.offset + page.limit)
        : db
            .prepare(
              `SELECT ${rowColumns} FROM samples s ${classJoin}
               WHERE s.id IN (SELECT s.id FROM samples s WHERE ${where.sql} ORDER BY s.id LIMIT ? OFFSET ?)
               ORDER BY s.id`,
            )
            .all(...where.params, page.limit, page.offset)
    ) as RawSampleRow[];
    return { total, rows: rows.map(toRow) };
  })();
}

export function getSample(db: Database, id: number): SampleDetail {
  return db.transaction(() => {
    const row = db
      .prepare(
        `SELECT ${rowColumns}, s.dataset_id, s.annotation_id, s.chunk_id, s.chunk_pos, d.length
         FROM samples s ${classJoin} JOIN datasets d ON d.id = s.dataset_id WHERE s.id = ? AND d.state = 'ready'`,
      )
      .get(id) as (RawSampleRow & { dataset_id: number; annotation_id: number | null; chunk_id: number; chunk_pos: number; length: number }) | undefined;
    if (!row) throw new AppError('NOT_FOUND', `sample ${id} does not exist in this project`);
    const sampleBytes = 2 * row.length * 4;
    const iq = new Float32Array(2 * row.length);
    const chunk = readChunk(db, row.chunk_id);
    new Uint8Array(iq.buffer).set(chunk.subarray(row.chunk_pos * sampleBytes, (row.chunk_pos + 1) * sampleBytes));
    return { ...toRow(row), datasetId: row.dataset_id, annotationId: row.annotation_id, length: row.length, iq };
  })();
}
