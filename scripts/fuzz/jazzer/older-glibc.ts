// Jazzer.js 4.0 ships its libFuzzer addon built against glibc 2.38 and libstdc++ 13, which
// Debian 12 (glibc 2.36, libstdc++ 12) lacks — yet it needs only three symbols from them:
// __isoc23_strtol/__isoc23_strtoul (C23 spellings of strtol/strtoul, which differ only in
// accepting "0b" literals, never given by libFuzzer's numeric flags) and
// std::ios_base_library_init (a marker GCC 13 references, never called). Rather than edit
// node_modules, the fuzz run loads a copy of the addon whose two C23 symbols bind to the classic
// functions and whose two newer version needs are weak (a missing weak version is not an error
// for the dynamic loader). Only the exact prebuild we checked is patched.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';

/** sha256 of @jazzer.js/fuzzer 4.0.0's prebuilds/fuzzer-linux-x64.node */
export const checkedPrebuildSha256 = '59ffc0d22ea37c5edcf3d8b9b76b1d964940461a9337d0b14068e378e7703ac9';

const weakVersions = ['GLIBC_2.38', 'GLIBCXX_3.4.32'];
const renamedSymbols: Record<string, string> = { __isoc23_strtol: 'strtol', __isoc23_strtoul: 'strtoul' };
const baseLibcVersion = 'GLIBC_2.2.5';
const VER_FLG_WEAK = 0x2;
const SHT_DYNSYM = 11;
const SHT_GNU_VERNEED = 0x6ffffffe;
const SHT_GNU_VERSYM = 0x6fffffff;

interface Section {
  type: number;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

function sections(elf: Buffer): Section[] {
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) throw new Error('not a little-endian 64-bit ELF file');
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const shnum = elf.readUInt16LE(0x3c);
  return Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * shentsize;
    return { type: elf.readUInt32LE(at + 4), offset: Number(elf.readBigUInt64LE(at + 0x18)), size: Number(elf.readBigUInt64LE(at + 0x20)), link: elf.readUInt32LE(at + 0x28), entsize: Number(elf.readBigUInt64LE(at + 0x38)) };
  });
}

function cString(elf: Buffer, at: number): string {
  return elf.toString('latin1', at, elf.indexOf(0, at));
}

/** The patched copy of the addon (see the file comment); throws when the layout is not as expected. */
export function patchForOlderGlibc(original: Buffer): Buffer {
  const elf = Buffer.from(original);
  const all = sections(elf);
  const one = (type: number): Section => {
    const found = all.filter((s) => s.type === type);
    if (found.length !== 1) throw new Error(`expected one section of type ${type.toString(16)}, found ${found.length}`);
    return found[0]!;
  };
  const dynsym = one(SHT_DYNSYM);
  const versym = one(SHT_GNU_VERSYM);
  const verneed = one(SHT_GNU_VERNEED);
  const dynstr = all[dynsym.link]!.offset;
  // version needs: mark the newer ones weak, find the index of libc's base version
  let baseIndex = -1;
  let weakened = 0;
  for (let need = verneed.offset; ; ) {
    const file = cString(elf, dynstr + elf.readUInt32LE(need + 4));
    for (let aux = need + elf.readUInt32LE(need + 8), n = elf.readUInt16LE(need + 2); n > 0; n--) {
      const name = cString(elf, dynstr + elf.readUInt32LE(aux + 8));
      if (weakVersions.includes(name)) {
        elf.writeUInt16LE(elf.readUInt16LE(aux + 4) | VER_FLG_WEAK, aux + 4);
        weakened++;
      }
      if (file === 'libc.so.6' && name === baseLibcVersion) baseIndex = elf.readUInt16LE(aux + 6);
      aux += elf.readUInt32LE(aux + 12);
    }
    const next = elf.readUInt32LE(need + 12);
    if (next === 0) break;
    need += next;
  }
  if (weakened !== weakVersions.length || baseIndex < 0) throw new Error('the addon does not need the versions this patch expects');
  // symbols: point each C23 name at its classic suffix ("__isoc23_strtol" ends in "strtol") and base version
  let renamed = 0;
  for (let i = 0; i < dynsym.size / dynsym.entsize; i++) {
    const at = dynsym.offset + i * dynsym.entsize;
    const nameOffset = elf.readUInt32LE(at);
    const classic = renamedSymbols[cString(elf, dynstr + nameOffset)];
    if (!classic) continue;
    elf.writeUInt32LE(nameOffset + '__isoc23_'.length, at);
    if (cString(elf, dynstr + nameOffset + '__isoc23_'.length) !== classic) throw new Error('unexpected symbol name layout');
    elf.writeUInt16LE(baseIndex, versym.offset + i * 2);
    renamed++;
  }
  if (renamed !== Object.keys(renamedSymbols).length) throw new Error('the addon does not use the symbols this patch expects');
  return elf;
}

function glibcBelow238(): boolean {
  const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
  const [major = 0, minor = 0] = (header?.glibcVersionRuntime ?? '').split('.').map(Number);
  return major > 0 && (major < 2 || (major === 2 && minor < 38));
}

/**
 * Makes `require` of Jazzer's linux-x64 addon load the patched copy kept in `cacheDir`, when this
 * machine's glibc is older than 2.38. Elsewhere it changes nothing.
 */
export function loadJazzerAddonOnOlderGlibc(cacheDir: string): void {
  if (process.platform !== 'linux' || process.arch !== 'x64' || !glibcBelow238()) return;
  const extensions = (Module as unknown as { _extensions: Record<string, (module: unknown, filename: string) => void> })._extensions;
  const loadNative = extensions['.node']!;
  extensions['.node'] = (module, filename) => {
    if (!filename.endsWith(join('@jazzer.js', 'fuzzer', 'prebuilds', 'fuzzer-linux-x64.node'))) return loadNative(module, filename);
    const original = readFileSync(filename);
    const sha256 = createHash('sha256').update(original).digest('hex');
    if (sha256 !== checkedPrebuildSha256) throw new Error(`${filename}: not the Jazzer.js prebuild this patch was checked on (sha256 ${sha256})`);
    const patched = join(cacheDir, `fuzzer-linux-x64-${sha256.slice(0, 12)}.node`);
    if (!existsSync(patched)) {
      mkdirSync(cacheDir, { recursive: true });
      // written aside and renamed, so a process starting meanwhile never loads half a file
      writeFileSync(`${patched}.${process.pid}.partial`, patchForOlderGlibc(original));
      renameSync(`${patched}.${process.pid}.partial`, patched);
    }
    return loadNative(module, patched);
  };
}
