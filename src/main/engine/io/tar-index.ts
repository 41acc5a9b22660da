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

function numericField(buf: Buffer, start: number, length: number): number {
  const field = buf.subarray(start, start + length);
  // GNU base-256 for values that do not fit in octal: high bit of the first byte set.
  if (field[0] & 0x80) {
    let v = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) v = v * 256 + field[i];
    return v;
  }
  const text = cString(buf, start, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
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
      let size = numericField(header, 124, 12);
      const dataAt = at + block;
      if (dataAt + size > archive.size) {
        throw new AppError('BAD_FILE', `${path}: truncated tar archive, a member needs ${size} bytes at ${dataAt}, file has ${archive.size}`);
      }
      if (type === 'x') {
        pax = paxRecords(await archive.read(dataAt, size));
      } else if (type === 'L') {
        longName = cString(await archive.read(dataAt, size), 0, size);
      } else if (type !== 'g') {
        // ('g' = global pax defaults: nothing the importer needs)
        const prefix = cString(header, 345, 155);
        const short = cString(header, 0, 100);
        const name = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${short}` : short);
        if (pax.has('size')) size = Number(pax.get('size'));
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
