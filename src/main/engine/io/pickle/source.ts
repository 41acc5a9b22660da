// The bytes of a pickle as a stream of chunks: a plain file read piece by piece, or the pickle
// inside a .tar.bz2 archive decompressed on the fly (nothing is extracted to disk).
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import bz2 from 'unbzip2-stream';
import { extract as tarExtract } from 'tar-stream';
import { AppError } from '../../../../shared/errors.ts';

const CHUNK = 1 << 20;
const pickleNames = /\.(pkl|pickle|dat|p)$/i;

export interface PickleSource {
  /** size of the file on disk */
  fileBytes: number;
  /** size of the pickle itself when known (the archive member's size for archives) */
  pickleBytes: number | undefined;
  /** name of the archive member holding the pickle, null for a plain file */
  member: string | null;
  /** file bytes read so far (compressed bytes for archives) */
  bytesRead(): number;
  /** each chunk is valid until the next is asked for (a plain file's chunks share one buffer) */
  chunks: AsyncIterable<Buffer>;
}

export function isBzip2(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && head[3] >= 0x31 && head[3] <= 0x39;
}

/** Open a pickle file or archive for streaming; a directory or empty file is a BAD_FILE error. */
export async function openPickleSource(path: string): Promise<PickleSource> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new AppError('BAD_FILE', `${path}: is a directory, expected a pickle file`);
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('NOT_FOUND', `${path}: cannot read the file (${(e as Error).message})`);
  }
  if (size === 0) throw new AppError('BAD_FILE', `${path}: the file is empty, expected a pickle`);
  const handle = await open(path, 'r');
  const head = Buffer.alloc(4);
  await handle.read(head, 0, 4, 0);
  if (isBzip2(head)) {
    await handle.close();
    return openArchive(path, size);
  }
  let read = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    // One buffer for every chunk: a gigabyte file read through fresh ones keeps the collector busy.
    const buf = Buffer.allocUnsafe(CHUNK);
    try {
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, CHUNK, read);
        if (bytesRead === 0) return;
        read += bytesRead;
        yield bytesRead === CHUNK ? buf : buf.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  }
  return { fileBytes: size, pickleBytes: size, member: null, bytesRead: () => read, chunks: chunks() };
}

async function openArchive(path: string, size: number): Promise<PickleSource> {
  let read = 0;
  const file = createReadStream(path, { highWaterMark: CHUNK });
  const decompress = bz2();
  const extract = tarExtract();
  const stopAll = (): void => {
    file.destroy();
    decompress.destroy();
  };
  const fail = (e: unknown): void => {
    stopAll();
    extract.destroy(archiveError(path, e));
  };
  file.on('data', (b) => {
    read += b.length;
  });
  file.on('error', fail);
  decompress.on('error', fail);
  file.pipe(decompress).pipe(extract);
  // Iterated by hand: leaving a for-await loop early would destroy the extractor and the entry with it.
  const entries = extract[Symbol.asyncIterator]();
  try {
    for (let next = await entries.next(); !next.done; next = await entries.next()) {
      const entry = next.value;
      if (entry.header.type === 'file' && pickleNames.test(entry.header.name)) {
        return {
          fileBytes: size,
          pickleBytes: entry.header.size ?? undefined,
          member: entry.header.name,
          bytesRead: () => read,
          chunks: memberChunks(path, entry as AsyncIterable<Buffer>, () => {
            stopAll();
            extract.destroy();
          }),
        };
      }
      entry.resume();
    }
  } catch (e) {
    stopAll();
    throw archiveError(path, e);
  }
  stopAll();
  throw new AppError('BAD_FILE', `${path}: the archive holds no .pkl or .dat file`);
}

async function* memberChunks(path: string, entry: AsyncIterable<Buffer>, close: () => void): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of entry) yield chunk;
  } catch (e) {
    throw archiveError(path, e);
  } finally {
    close();
  }
}

function archiveError(path: string, e: unknown): AppError {
  if (e instanceof AppError) return e;
  const why = e instanceof Error ? e.message : String(e);
  return new AppError('BAD_FILE', `${path}: not a readable .tar.bz2 archive (${why})`);
}
