// Parses a RadioML 2016 pickle on a worker thread (rml-parse-worker.ts), which hands each
// decoded array over (its memory moved, not copied) while this thread stores the previous ones:
// an import on two cores. A shared counter of stored arrays keeps the parser at most
// aheadLimit arrays ahead, so memory stays bounded when storing is the slower side.
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../../shared/errors.ts';
import { workerScript } from '../base/worker-script.ts';
import { throwIfAborted } from './importer.ts';

/** Arrays parsed but not yet stored, at most (each about 1 MB in the published files). */
export const aheadLimit = 4;

export interface ParseRequest {
  path: string;
  /** [0]: arrays stored so far */
  stored: Int32Array;
}

export interface ParseProgress {
  bytes: number;
  totalBytes: number;
}

export type ParseMessage<Summary> =
  | { kind: 'array'; modulation: string; snr: number; data: Float32Array; progress: ParseProgress }
  | { kind: 'done'; summary: Summary; progress: ParseProgress }
  | { kind: 'failed'; code: ErrorCode; message: string };

export interface ParseThreadOptions {
  signal?: AbortSignal;
  onProgress?: (p: ParseProgress) => void;
}

/** Calls onArray for each array of the file in order, on this thread; resolves with the parser's summary. */
export function parseOnThread<Summary>(
  path: string,
  onArray: (modulation: string, snr: number, data: Float32Array) => void,
  opts: ParseThreadOptions,
): Promise<Summary> {
  throwIfAborted(opts.signal, path);
  const stored = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerScript(import.meta.url, 'rml-parse-worker'), {
    eval: true,
    workerData: { path, stored } satisfies ParseRequest,
  });
  return new Promise<Summary>((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, summary?: Summary): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (error) reject(error);
      else resolve(summary!);
    };
    const onAbort = (): void => {
      try {
        throwIfAborted(opts.signal, path);
      } catch (e) {
        settle(e);
      }
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: ParseMessage<Summary>) => {
      if (settled) return;
      try {
        if (m.kind === 'failed') return settle(new AppError(m.code, m.message));
        if (m.kind === 'array') {
          onArray(m.modulation, m.snr, m.data);
          Atomics.add(stored, 0, 1);
          Atomics.notify(stored, 0);
        }
        opts.onProgress?.(m.progress);
        if (m.kind === 'done') settle(null, m.summary);
      } catch (e) {
        settle(e);
      }
    });
    worker.on('error', (e) => settle(new AppError('INTERNAL', `${path}: the parsing thread failed: ${e.message}`)));
    worker.on('exit', (code) => settle(new AppError('INTERNAL', `${path}: the parsing thread stopped (exit code ${code}) before the end of the file`)));
  });
}
