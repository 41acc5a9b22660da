// SHA-256 of files, read in 1 MB pieces: dataset sources on import, job bundles and their
// tasks' result files.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors.ts';

/** Hex SHA-256 of the files' bytes, one after another. */
export async function hashFiles(paths: string[], signal?: AbortSignal, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash('sha256');
  let done = 0;
  for (const p of paths) {
    for await (const chunk of createReadStream(p, { highWaterMark: 1 << 20 })) {
      if (signal?.aborted) throw new AppError('CANCELLED', `${basename(p)}: cancelled while reading`);
      hash.update(chunk as Buffer);
      done += (chunk as Buffer).length;
      onBytes?.(done);
    }
  }
  return hash.digest('hex');
}
