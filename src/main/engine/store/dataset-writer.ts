// Writes one dataset, packing samples into ~1 MB float32 chunks. The rows go in in short
// transactions (a chunk, or what arrived in maxHoldMs) under a dataset row marked 'writing', which
// nothing lists; one last short transaction makes it 'ready'. So a long import never holds the
// project's write lock for long, and the dataset still appears whole or not at all.
import { createHash, hash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import { getDataset } from './datasets.ts';
import { markWriting, removeDatasetRows, thisWriterProcess, unmarkWriting } from './dataset-staging.ts';
import { nowIso } from './json.ts';
import { splits } from './sample-filter.ts';
import type { DatasetCommitOptions, DatasetDraft, DatasetInfo, DatasetKind, DatasetWriter, RecordingDraft, SampleMeta } from './types.ts';
import { beginImmediate, writeTransaction } from './write-transaction.ts';

export const targetChunkBytes = 1 << 20;

/** The longest a writer keeps the write lock while rows other than a chunk arrive. */
const maxHoldMs = 100;

const datasetKinds: readonly DatasetKind[] = ['imported', 'generated', 'distilled', 'augmented', 'labelled'];

/** Samples per chunk for a given length: as many [2][length] float32 samples as fit in ~1 MB. */
export function samplesPerChunk(length: number): number {
  return Math.max(1, Math.floor(targetChunkBytes / (2 * length * 4)));
}

function validateDraft(draft: DatasetDraft): void {
  const where = `dataset "${draft.name}"`;
  if (!draft.name.trim()) throw new AppError('VALIDATION', 'dataset name must not be empty');
  if (!datasetKinds.includes(draft.kind)) {
    throw new AppError('VALIDATION', `${where}: kind must be one of ${datasetKinds.join(', ')}, found "${draft.kind}"`);
  }
  if (!Number.isInteger(draft.length) || draft.length <= 0) {
    throw new AppError('VALIDATION', `${where}: length must be a positive integer, found ${draft.length}`);
  }
}

/**
 * The content hash: per sample, sha256 of its float32 bytes, class name and SNR, summed lane by
 * lane modulo 2^64 — so the same samples give the same hash in any order (a pickle re-saved
 * with another protocol may list its keys differently) — then hashed with count and length.
 */
class ContentHash {
  private readonly sum = new BigUint64Array(4);
  /** per lane, the sums of its low and high 32-bit halves since the last fold: exact in a double for 2^20 samples */
  private readonly halves = new Float64Array(8);
  private unfolded = 0;
  private samples = 0;
  /** the sample's bytes followed by its label, hashed in one call */
  private scratch = Buffer.alloc(0);

  add(sample: Float32Array, className: string | null, snr: number | null): void {
    const label = `\u0000${className ?? ''}\u0000${snr ?? ''}`;
    const needed = sample.byteLength + Buffer.byteLength(label);
    if (this.scratch.length < needed) this.scratch = Buffer.alloc(2 * needed);
    this.scratch.set(new Uint8Array(sample.buffer, sample.byteOffset, sample.byteLength));
    const end = sample.byteLength + this.scratch.write(label, sample.byteLength);
    const digest = hash('sha256', this.scratch.subarray(0, end), 'buffer');
    for (let k = 0; k < 8; k++) this.halves[k]! += digest.readUInt32LE(4 * k);
    if (++this.unfolded === 1 << 20) this.fold();
    this.samples++;
  }

  private fold(): void {
    for (let lane = 0; lane < 4; lane++) {
      this.sum[lane]! += BigInt(this.halves[2 * lane]!) + (BigInt(this.halves[2 * lane + 1]!) << 32n);
    }
    this.halves.fill(0);
    this.unfolded = 0;
  }

  hex(length: number): string {
    this.fold();
    return createHash('sha256').update(new Uint8Array(this.sum.buffer)).update(`${this.samples}×${length}`).digest('hex');
  }
}

class ChunkedDatasetWriter implements DatasetWriter {
  readonly datasetId: number;
  private readonly classes = new Map<string, number>();
  private readonly classNames: string[] = [];
  private readonly content = new ContentHash();
  private readonly floatsPerSample: number;
  private readonly chunkCapacity: number;
  private readonly buffer: Float32Array;
  private pendingMeta: SampleMeta[] = [];
  private written = 0;
  private readonly snrs = new Set<number>();
  private state: 'open' | 'committed' | 'aborted' = 'open';
  /** when the writer's open transaction took the lock */
  private heldSince = 0;
  private readonly insertClass: Statement;
  private readonly insertChunk: Statement;
  private readonly insertSample: Statement;
  private readonly insertSampleRun: Statement;

  constructor(
    private readonly db: Database,
    private readonly draft: DatasetDraft,
  ) {
    validateDraft(draft);
    if (db.inTransaction) {
      throw new AppError('INTERNAL', `cannot write dataset "${draft.name}": another write is in progress on this connection`);
    }
    this.floatsPerSample = 2 * draft.length;
    this.chunkCapacity = samplesPerChunk(draft.length);
    this.buffer = new Float32Array(this.chunkCapacity * this.floatsPerSample);
    this.insertClass = db.prepare('INSERT INTO classes (dataset_id, idx, name) VALUES (?, ?, ?)');
    this.insertChunk = db.prepare('INSERT INTO chunks (dataset_id, first_idx, sample_count, data) VALUES (?, ?, ?, ?)');
    this.insertSample = db.prepare(
      `INSERT INTO samples (dataset_id, idx, class_idx, snr, split, source_offset, annotation_id, chunk_id, chunk_pos)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Consecutive samples that differ only in position, in one statement: a 1,000-vector key of a
    // pickle is one run, and row-by-row inserts cost twice as much.
    this.insertSampleRun = db.prepare(
      `WITH RECURSIVE run(k) AS (VALUES (0) UNION ALL SELECT k + 1 FROM run WHERE k + 1 < @count)
       INSERT INTO samples (dataset_id, idx, class_idx, snr, split, source_offset, annotation_id, chunk_id, chunk_pos)
       SELECT @datasetId, @idx + k, @classIdx, @snr, @split, @sourceOffset + k, @annotationId, @chunkId, @chunkPos + k FROM run`,
    );
    this.datasetId = writeTransaction(db, () =>
      Number(
        db
          .prepare(
            `INSERT INTO datasets (name, kind, format, source_path, source_hash, length, params, split_config, created_at, state, writer_process)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'writing', ?)`,
          )
          .run(draft.name, draft.kind, draft.format, draft.sourcePath, draft.sourceHash, draft.length, JSON.stringify(draft.params), draft.split ? JSON.stringify(draft.split) : null, nowIso(), thisWriterProcess())
          .lastInsertRowid,
      ),
    );
    markWriting(db, this.datasetId);
  }

  /** The file the samples come from, or the dataset for generated ones: named in errors about its content. */
  private get source(): string {
    return this.draft.sourcePath ?? `dataset "${this.draft.name}"`;
  }

  get count(): number {
    return this.written + this.pendingMeta.length;
  }

  get contentHash(): string {
    return this.content.hex(this.draft.length);
  }

  classIndex(name: string): number {
    this.ensureOpen();
    if (name.trim() === '') throw new AppError('BAD_FILE', `${this.source}: a class name is empty`);
    let idx = this.classes.get(name);
    if (idx === undefined) {
      idx = this.classes.size;
      const registered = idx;
      this.write(() => this.insertClass.run(this.datasetId, registered, name));
      this.classes.set(name, idx);
      this.classNames.push(name);
    }
    return idx;
  }

  addRecording(r: RecordingDraft): number {
    this.ensureOpen();
    const insert = this.db.prepare(`INSERT INTO recordings (dataset_id, source_path, datatype, sample_rate, center_frequency, meta) VALUES (?, ?, ?, ?, ?, ?)`);
    return this.write(() => Number(insert.run(this.datasetId, r.sourcePath, r.datatype, r.sampleRate, r.centerFrequency, JSON.stringify(r.meta ?? {})).lastInsertRowid));
  }

  addAnnotation(a: {
    sampleStart: number;
    sampleCount: number;
    label: string | null;
    extra?: Record<string, unknown>;
    recordingId?: number | null;
  }): number {
    this.ensureOpen();
    const insert = this.db.prepare(`INSERT INTO annotations (dataset_id, recording_id, sample_start, sample_count, label, extra) VALUES (?, ?, ?, ?, ?, ?)`);
    return this.write(() => Number(insert.run(this.datasetId, a.recordingId ?? null, a.sampleStart, a.sampleCount, a.label, JSON.stringify(a.extra ?? {})).lastInsertRowid));
  }

  append(data: Float32Array, meta: SampleMeta[]): void {
    this.ensureOpen();
    this.releaseIfHeldLong();
    const where = `dataset "${this.draft.name}"`;
    if (data.length !== meta.length * this.floatsPerSample) {
      throw new AppError(
        'VALIDATION',
        `${where}: append expected ${meta.length} × 2 × ${this.draft.length} = ${meta.length * this.floatsPerSample} floats, found ${data.length}`,
      );
    }
    for (const m of meta) {
      if (!Number.isInteger(m.classIndex) || m.classIndex < -1 || m.classIndex >= this.classes.size) {
        throw new AppError('VALIDATION', `${where}: class index ${m.classIndex} is not a registered class (0..${this.classes.size - 1} or -1)`);
      }
      if (m.snr !== null && !Number.isFinite(m.snr)) {
        throw new AppError('VALIDATION', `${where}: SNR must be a finite number or null, found ${m.snr}`);
      }
      if (m.split !== undefined && !splits.includes(m.split)) {
        throw new AppError('VALIDATION', `${where}: split must be one of ${splits.join(', ')}, found "${m.split}"`);
      }
    }
    for (let k = 0; k < data.length; k++) {
      if (!Number.isFinite(data[k])) {
        const sample = Math.floor(k / this.floatsPerSample);
        throw new AppError(
          'BAD_FILE',
          `${this.source}: the sample at source offset ${meta[sample]!.sourceOffset} holds ${data[k]}; samples must be finite numbers`,
        );
      }
    }
    for (const m of meta) if (m.snr !== null) this.snrs.add(m.snr);
    meta.forEach((m, k) =>
      this.content.add(data.subarray(k * this.floatsPerSample, (k + 1) * this.floatsPerSample), m.classIndex < 0 ? null : this.classNames[m.classIndex]!, m.snr),
    );
    let consumed = 0;
    while (consumed < meta.length) {
      const room = this.chunkCapacity - this.pendingMeta.length;
      const take = Math.min(room, meta.length - consumed);
      this.buffer.set(
        data.subarray(consumed * this.floatsPerSample, (consumed + take) * this.floatsPerSample),
        this.pendingMeta.length * this.floatsPerSample,
      );
      for (let i = 0; i < take; i++) this.pendingMeta.push(meta[consumed + i]!);
      consumed += take;
      if (this.pendingMeta.length === this.chunkCapacity) this.flush();
    }
  }

  commit(options: DatasetCommitOptions = {}): DatasetInfo {
    this.ensureOpen();
    let existing: DatasetInfo | undefined;
    try {
      this.flush();
      const snrs = [...this.snrs].sort((a, b) => a - b);
      existing = writeTransaction(this.db, () => {
        const found = options.unlessPresent?.();
        if (found) return found;
        this.db
          .prepare("UPDATE datasets SET sample_count = ?, snrs = ?, content_hash = ?, state = 'ready', writer_process = NULL WHERE id = ?")
          .run(this.written, JSON.stringify(snrs), this.contentHash, this.datasetId);
        return undefined;
      });
    } catch (err) {
      this.abort();
      throw err;
    }
    if (existing) {
      this.abort();
      return existing;
    }
    this.state = 'committed';
    unmarkWriting(this.db, this.datasetId);
    // Fresh statistics let the planner skip-scan the sample indexes (e.g. an SNR-only filter).
    try {
      this.db.pragma('analysis_limit = 1000');
      this.db.pragma('optimize');
    } catch (err) {
      // Statistics only speed up queries; a project busy with another writer goes without.
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY') throw err;
    }
    return getDataset(this.db, this.datasetId);
  }

  /** Rolls back what is not committed yet and removes the rows written so far; a writer that cannot (the project stays busy) leaves them to the next open. */
  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      removeDatasetRows(this.db, this.datasetId);
    } catch {
      // Hidden rows stay behind for the next open to remove; the caller's own error is the one to report.
    } finally {
      unmarkWriting(this.db, this.datasetId);
    }
  }

  /** Runs op in the writer's open transaction, taking the write lock first when none is open. */
  private write<T>(op: () => T): T {
    if (!this.db.inTransaction) {
      beginImmediate(this.db);
      this.heldSince = performance.now();
    }
    const result = op();
    this.releaseIfHeldLong();
    return result;
  }

  private releaseIfHeldLong(): void {
    if (this.db.inTransaction && performance.now() - this.heldSince >= maxHoldMs) this.db.exec('COMMIT');
  }

  /** Writes the pending samples as one chunk and commits: a chunk is the natural end of a short transaction. */
  private flush(): void {
    const n = this.pendingMeta.length;
    if (n > 0) {
      this.write(() => {
        const bytes = this.buffer.subarray(0, n * this.floatsPerSample);
        const chunkId = this.insertChunk.run(this.datasetId, this.written, n, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).lastInsertRowid;
        for (let i = 0; i < n; ) {
          const count = runLength(this.pendingMeta, i);
          const m = this.pendingMeta[i]!;
          const split = m.split ?? 'unassigned';
          const annotationId = m.annotationId ?? null;
          if (count === 1) this.insertSample.run(this.datasetId, this.written + i, m.classIndex, m.snr, split, m.sourceOffset, annotationId, chunkId, i);
          else {
            this.insertSampleRun.run({ datasetId: this.datasetId, idx: this.written + i, classIdx: m.classIndex, snr: m.snr, split, sourceOffset: m.sourceOffset, annotationId, chunkId, chunkPos: i, count });
          }
          i += count;
        }
      });
      this.written += n;
      this.pendingMeta = [];
    }
    if (this.db.inTransaction) this.db.exec('COMMIT');
  }

  private ensureOpen(): void {
    if (this.state !== 'open') {
      throw new AppError('INTERNAL', `dataset "${this.draft.name}" was already ${this.state}; start a new writer`);
    }
  }
}

/** How many samples from meta[from] on share every field but a source offset that counts up by one. */
function runLength(meta: SampleMeta[], from: number): number {
  const first = meta[from]!;
  let n = 1;
  for (; from + n < meta.length; n++) {
    const m = meta[from + n]!;
    if (
      m.sourceOffset !== first.sourceOffset + n ||
      m.classIndex !== first.classIndex ||
      m.snr !== first.snr ||
      (m.split ?? 'unassigned') !== (first.split ?? 'unassigned') ||
      (m.annotationId ?? null) !== (first.annotationId ?? null)
    ) {
      break;
    }
  }
  return n;
}

/** Starts a dataset (hidden until commit); the caller must end it with commit() or abort(). */
export function beginDataset(db: Database, draft: DatasetDraft): DatasetWriter {
  return new ChunkedDatasetWriter(db, draft);
}
