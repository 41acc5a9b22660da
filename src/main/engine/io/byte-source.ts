// Random-access reads of a byte range of a file (a whole file, or one member of a tar archive),
// so that large recordings are read piece by piece, never loaded whole.
import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.ts';

export class ByteRange {
  private constructor(
    private readonly handle: FileHandle,
    /** the file the bytes live in, for error messages */
    readonly path: string,
    /** where the range starts in that file */
    readonly start: number,
    readonly size: number,
  ) {}

  static async openFile(path: string): Promise<ByteRange> {
    const handle = await open(path, 'r');
    const { size } = await handle.stat();
    return new ByteRange(handle, path, 0, size);
  }

  static async openRange(path: string, start: number, size: number): Promise<ByteRange> {
    const handle = await open(path, 'r');
    return new ByteRange(handle, path, start, size);
  }

  /** Exactly `length` bytes at `offset` within the range; a short read is a truncated file. */
  async read(offset: number, length: number): Promise<Buffer> {
    if (offset < 0 || offset + length > this.size) {
      throw new AppError(
        'BAD_FILE',
        `${this.path}: truncated, expected ${length} bytes at offset ${offset}, the data holds ${this.size} bytes`,
      );
    }
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await this.handle.read(buf, got, length - got, this.start + offset + got);
      if (bytesRead === 0) {
        throw new AppError('BAD_FILE', `${this.path}: truncated, ended after ${offset + got} of ${offset + length} bytes`);
      }
      got += bytesRead;
    }
    return buf;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Read up to `length` bytes at the start of a file (fewer when the file is shorter). */
export async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
