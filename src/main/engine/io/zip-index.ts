// The members of a zip archive (as NumPy's .npz writes them: stored or deflated, often with
// zip64 extensions) and a byte stream of each member's uncompressed contents.
import { createReadStream } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import { AppError } from '../../../shared/errors.ts';
import { ByteRange } from './byte-source.ts';

export interface ZipMember {
  name: string;
  /** 0 = stored, 8 = deflated */
  method: number;
  compressedSize: number;
  size: number;
  /** offset of the member's (compressed) data in the archive */
  dataOffset: number;
}

const eocdSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EocdSignature = 0x06064b50;
const centralSignature = 0x02014b50;
const localSignature = 0x04034b50;
const u32Max = 0xffffffff;
/** Deflate turns one input byte into at most 1032 bytes (a length-258 match in under 2 bits). */
const maxDeflateRatio = 1032;

function u64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64LE(at));
}

async function findDirectory(path: string, zip: ByteRange): Promise<{ offset: number; size: number; entries: number }> {
  const tailLength = Math.min(zip.size, 22 + 0xffff);
  const tail = await zip.read(zip.size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === eocdSignature) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new AppError('BAD_FILE', `${path}: not a zip archive (no end-of-directory record)`);
  let entries = tail.readUInt16LE(at + 10);
  let size = tail.readUInt32LE(at + 12);
  let offset = tail.readUInt32LE(at + 16);
  if (at >= 20 && tail.readUInt32LE(at - 20) === zip64LocatorSignature) {
    const eocd64 = await zip.read(u64(tail, at - 20 + 8), 56);
    if (eocd64.readUInt32LE(0) !== zip64EocdSignature) throw new AppError('BAD_FILE', `${path}: broken zip64 directory record`);
    entries = u64(eocd64, 32);
    size = u64(eocd64, 40);
    offset = u64(eocd64, 48);
  }
  if (offset + size > zip.size) throw new AppError('BAD_FILE', `${path}: truncated zip archive, directory ends past the file`);
  return { offset, size, entries };
}

export async function indexZip(path: string): Promise<ZipMember[]> {
  const zip = await ByteRange.openFile(path);
  try {
    const dir = await findDirectory(path, zip);
    const cd = await zip.read(dir.offset, dir.size);
    const members: ZipMember[] = [];
    let at = 0;
    for (let n = 0; n < dir.entries; n++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== centralSignature) {
        throw new AppError('BAD_FILE', `${path}: broken zip directory at entry ${n}`);
      }
      const flags = cd.readUInt16LE(at + 8);
      const method = cd.readUInt16LE(at + 10);
      let compressedSize = cd.readUInt32LE(at + 20);
      let size = cd.readUInt32LE(at + 24);
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      let localOffset = cd.readUInt32LE(at + 42);
      const name = cd.subarray(at + 46, at + 46 + nameLength).toString('utf8');
      // zip64: the 32-bit fields set to all ones are given in the 0x0001 extra field, in this order.
      const extra = cd.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
      for (let e = 0; e + 4 <= extra.length; ) {
        const id = extra.readUInt16LE(e);
        const len = extra.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let f = e + 4;
          if (size === u32Max) (size = u64(extra, f)), (f += 8);
          if (compressedSize === u32Max) (compressedSize = u64(extra, f)), (f += 8);
          if (localOffset === u32Max) localOffset = u64(extra, f);
        }
        e += 4 + len;
      }
      if (flags & 1) throw new AppError('UNSUPPORTED', `${path}: member ${name} is encrypted`);
      if (method !== 0 && method !== 8) {
        throw new AppError('UNSUPPORTED', `${path}: member ${name} uses compression method ${method}; only stored and deflated are read`);
      }
      const local = await zip.read(localOffset, 30);
      if (local.readUInt32LE(0) !== localSignature) throw new AppError('BAD_FILE', `${path}: broken local header of member ${name}`);
      const dataOffset = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (method === 0 ? size !== compressedSize : size > compressedSize * maxDeflateRatio) {
        throw new AppError(
          'BAD_FILE',
          `${path}: member ${name} declares ${size} bytes, more than its ${compressedSize} ${method === 0 ? 'stored' : 'deflated'} bytes can hold`,
        );
      }
      if (dataOffset + compressedSize > zip.size) {
        throw new AppError('BAD_FILE', `${path}: truncated zip archive, member ${name} ends past the file`);
      }
      members.push({ name, method, compressedSize, size, dataOffset });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return members;
  } finally {
    await zip.close();
  }
}

/** The uncompressed bytes of a member, as a stream of chunks. */
export function memberStream(path: string, member: ZipMember): AsyncIterable<Buffer> {
  if (member.compressedSize === 0) return (async function* () {})();
  const raw = createReadStream(path, { start: member.dataOffset, end: member.dataOffset + member.compressedSize - 1 });
  if (member.method === 0) return raw;
  const inflate = createInflateRaw();
  raw.on('error', (e) => inflate.destroy(e));
  return capped(raw.pipe(inflate), path, member);
}

/** The inflated bytes, refused once they run past the size the directory declares. */
async function* capped(chunks: AsyncIterable<Buffer>, path: string, member: ZipMember): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of chunks) {
    seen += chunk.length;
    if (seen > member.size) throw new AppError('BAD_FILE', `${path}: member ${member.name} inflates past its declared ${member.size} bytes`);
    yield chunk;
  }
}
