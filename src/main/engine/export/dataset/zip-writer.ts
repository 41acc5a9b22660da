// A zip archive of stored (uncompressed) members, as numpy.savez writes an .npz: local headers,
// data, central directory, end record. Without zip64, so members and archive stay under 4 GiB.
import { crc32 } from 'node:zlib';
import { AppError } from '../../../../shared/errors.ts';

const U32_LIMIT = 0xffffffff;
// 1980-01-01 00:00 in MS-DOS form: a fixed stamp keeps the bytes a function of the contents
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export function storedZip(members: { name: string; data: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    if (m.data.length >= U32_LIMIT || offset >= U32_LIMIT) throw new AppError('UNSUPPORTED', `zip member ${m.name}: 4 GiB or more needs zip64, which this writer does not do`);
    const crc = crc32(m.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(m.data.length, 18);
    local.writeUInt32LE(m.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0, 8);
    entry.writeUInt16LE(0, 10);
    entry.writeUInt16LE(DOS_TIME, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(m.data.length, 20);
    entry.writeUInt32LE(m.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    parts.push(local, name, m.data);
    offset += local.length + name.length + m.data.length;
  }
  const directory = Buffer.concat(central);
  if (offset + directory.length >= U32_LIMIT) throw new AppError('UNSUPPORTED', 'zip archive of 4 GiB or more needs zip64, which this writer does not do');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
