// An index of the regular files in a tar archive (ustar, pax and GNU long names): where each
// member's bytes start and how long they are. Members of a SigMF archive are stored
// uncompressed, so knowing the offsets lets the importer read recordings by random access.
import { AppError } from '../../../shared/errors.ts';
import { ByteRange } from './byte-source.ts';

export interface TarMember {
  name: string;
  /** byte offset of the member's data within the archive */
  offset: number;
  size: number;
}

const block = 512;

function cString(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

/** An octal or GNU base-256 number field; NaN when it is neither (or negative). */
function numericField(buf: Buffer, start: number, length: number): number {
  const field = buf.subarray(start, start + length);
  // GNU base-256 for values that do not fit in octal: high bit of the first byte set, sign bit next.
  if (field[0] & 0x80) {
    if (field[0] & 0x40) return NaN;
    let v = field[0] & 0x3f;
    for (let i = 1; i < field.length; i++) v = v * 256 + field[i];
    return v;
  }
  const text = cString(buf, start, length).trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : NaN;
}

/** True when a 512-byte block is a tar header whose checksum matches. */
export function isTarHeader(header: Buffer): boolean {
  if (header.length < block) return false;
  const stored = numericField(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < block; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum === stored && !Number.isNaN(stored);
}

function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const len = parseInt(data.subarray(at, space).toString('ascii'), 10);
    if (!(len > 0)) break;
    const record = data.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    at += len;
  }
  return out;
}

/**
 * A member's size, checked against what the archive can hold after its header: a negative or
 * oversized claim would move the reader backwards (forever) or past the end.
 */
function memberSize(path: string, size: number, dataAt: number, archiveSize: number, source: string): number {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new AppError('BAD_FILE', `${path}: broken tar archive, the member at byte ${dataAt - block} has an invalid ${source}`);
  }
  if (dataAt + size > archiveSize) {
    throw new AppError(
      'BAD_FILE',
      `${path}: truncated tar archive, the member at byte ${dataAt - block} declares ${size} bytes (${source}), the file holds ${archiveSize - dataAt} after its header`,
    );
  }
  return size;
}

export async function indexTar(path: string): Promise<TarMember[]> {
  const archive = await ByteRange.openFile(path);
  try {
    const members: TarMember[] = [];
    let at = 0;
    let longName: string | null = null;
    let pax = new Map<string, string>();
    while (at + block <= archive.size) {
      const header = await archive.read(at, block);
      if (header.every((b) => b === 0)) break;
      if (!isTarHeader(header)) {
        throw new AppError('BAD_FILE', `${path}: not a tar archive, bad header checksum at byte ${at}`);
      }
      const type = String.fromCharCode(header[156] || 0x30);
      const dataAt = at + block;
      let size = memberSize(path, numericField(header, 124, 12), dataAt, archive.size, 'header size field');
      if (type === 'x') {
        pax = paxRecords(await archive.read(dataAt, size));
      } else if (type === 'L') {
        longName = cString(await archive.read(dataAt, size), 0, size);
      } else if (type !== 'g') {
        // ('g' = global pax defaults: nothing the importer needs)
        const prefix = cString(header, 345, 155);
        const short = cString(header, 0, 100);
        const name = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${short}` : short);
        const paxSize = pax.get('size');
        if (paxSize !== undefined) size = memberSize(path, /^\d+$/.test(paxSize) ? Number(paxSize) : NaN, dataAt, archive.size, `pax size '${paxSize.slice(0, 40)}'`);
        if (type === '0' || type === '7') members.push({ name, offset: dataAt, size });
        pax = new Map();
        longName = null;
      }
      at = dataAt + Math.ceil(size / block) * block;
    }
    return members;
  } finally {
    await archive.close();
  }
}
