// Cutting a long capture into fixed-length windows [2][L] and appending them in batches;
// used by the SigMF and raw I/Q importers.
import { AppError } from '../../../shared/errors.ts';
import type { DatasetWriter, SampleMeta } from '../store/types.ts';
import { breathe, throwIfAborted } from './importer.ts';

/** Reads `count` consecutive samples from `start` as one [2][count] block (I row, then Q row). */
export type SampleBlockReader = (start: number, count: number) => Promise<Float32Array>;

export interface WindowSpan {
  /** first sample of the span */
  start: number;
  /** samples in the span; windows that would run past its end are not cut */
  count: number;
}

/** Start offsets of the windows of length `length` every `hop` samples that fit in the span. */
export function windowStarts(span: WindowSpan, length: number, hop: number): number[] {
  const starts: number[] = [];
  for (let s = span.start; s + length <= span.start + span.count; s += hop) starts.push(s);
  return starts;
}

/** How many windows windowStarts would give, without listing them. */
export function windowCount(span: WindowSpan, length: number, hop: number): number {
  return span.count < length ? 0 : Math.floor((span.count - length) / hop) + 1;
}

/** By default the windows may store at most this many bytes per recorded byte. */
export const defaultMaxExpansion = 64;

/**
 * Overlapping windows (a short hop, overlapping annotations) store the same samples many times:
 * bounded per recorded byte, checked before anything is cut or written.
 */
export function refuseExpansion(path: string, storedBytes: number, recordedBytes: number, maxExpansion: number): void {
  if (storedBytes <= maxExpansion * Math.max(recordedBytes, 1)) return;
  throw new AppError(
    'VALIDATION',
    `${path}: the windows would store ${storedBytes} bytes from ${recordedBytes} recorded bytes, ` +
      `${(storedBytes / Math.max(recordedBytes, 1)).toFixed(0)}× (overlapping annotations or a short hop), more than the allowed ${maxExpansion}×; ` +
      `raise --max-expansion if that is intended`,
  );
}

export interface WriteWindowsArgs {
  read: SampleBlockReader;
  starts: number[];
  length: number;
  writer: DatasetWriter;
  /** the window's own samples ([2][length]) come along, for figures computed from them */
  meta: (start: number, window: Float32Array) => SampleMeta;
  path: string;
  signal?: AbortSignal;
  /** called after each batch with the number of windows written so far in this call */
  onBatch?: (written: number) => void;
}

// Windows per append, and the longest stretch read at once (in samples): large enough to
// amortise reads, small enough to keep memory flat even when windows are far apart.
const batchWindows = 512;
const maxBlockSamples = 1 << 22;

/** Append one window per start; nearby starts are read together as one block. */
export async function writeWindows(args: WriteWindowsArgs): Promise<number> {
  const { read, starts, length, writer } = args;
  let written = 0;
  let b = 0;
  while (b < starts.length) {
    throwIfAborted(args.signal, args.path);
    const first = starts[b];
    let e = b + 1;
    while (e < starts.length && e - b < batchWindows && starts[e] + length - first <= maxBlockSamples) e++;
    const batch = starts.slice(b, e);
    const span = batch[batch.length - 1] + length - first;
    const block = await read(first, span);
    const data = new Float32Array(batch.length * 2 * length);
    batch.forEach((s, k) => {
      const at = s - first;
      data.set(block.subarray(at, at + length), k * 2 * length);
      data.set(block.subarray(span + at, span + at + length), k * 2 * length + length);
    });
    writer.append(data, batch.map((s, k) => args.meta(s, data.subarray(k * 2 * length, (k + 1) * 2 * length))));
    written += batch.length;
    b = e;
    args.onBatch?.(written);
    await breathe();
  }
  return written;
}
