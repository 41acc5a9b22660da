// Worker thread entry: parses a RadioML 2016 pickle and posts each (modulation, snr) array to
// the thread that stores it, no further ahead of the store than rml-parse-thread.ts allows.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import { parseRmlPickle, type RmlPickleSummary } from './rml-pickle.ts';
import { aheadLimit, type ParseMessage, type ParseProgress, type ParseRequest } from './rml-parse-thread.ts';

const port = parentPort;
if (!port) throw new Error('rml-parse-worker runs as a worker thread');
const { path, stored } = workerData as ParseRequest;

const post = (message: ParseMessage<RmlPickleSummary>, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

let posted = 0;
let progress: ParseProgress = { bytes: 0, totalBytes: 0 };

function waitForStore(): void {
  for (;;) {
    const done = Atomics.load(stored, 0);
    if (posted - done < aheadLimit) return;
    Atomics.wait(stored, 0, done);
  }
}

try {
  const summary = await parseRmlPickle(
    path,
    (modulation, snr, values) => {
      waitForStore();
      // A copy is moved across, never the parser's array: the pickle may name that array again
      // under a later key (a memo reference), and a small one may sit in Node's Buffer pool.
      const data = values.slice();
      post({ kind: 'array', modulation, snr, data, progress }, [data.buffer as ArrayBuffer]);
      posted++;
    },
    { onProgress: ({ bytes, totalBytes }) => (progress = { bytes, totalBytes }) },
  );
  post({ kind: 'done', summary, progress });
} catch (e) {
  const failure = e instanceof AppError ? e : new AppError('INTERNAL', `${path}: ${e instanceof Error ? e.message : String(e)}`);
  post({ kind: 'failed', code: failure.code, message: failure.message });
}
