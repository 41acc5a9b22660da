// Import benchmark for the HDF5 (RML2018 layout), SigMF, NumPy (.npy, deflated .npz) and raw
// I/Q importers: each file is generated here with a seeded generator, then imported through
// importFile into a fresh project file. Prints one JSON document.
// usage: node --import tsx bench/import-formats.ts [--scale N]   (N multiplies the file sizes)
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { rml2018Classes } from '../src/main/engine/io/hdf5-rml2018.ts';
import { importFile } from '../src/main/engine/io/registry.ts';
import { openProject } from '../src/main/engine/store/project.ts';

const scaleAt = process.argv.indexOf('--scale');
const scale = scaleAt > 0 ? Number(process.argv[scaleAt + 1]) : 1;

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

function randomFloats(n: number, seed: number): Float32Array {
  const next = seeded(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = next();
  return out;
}

async function writeHdf5(path: string, frames: number): Promise<void> {
  const h5 = await import('h5wasm/node');
  await h5.ready;
  const f = new h5.File(path, 'w');
  f.create_dataset({ name: 'X', data: randomFloats(frames * 1024 * 2, 1), shape: [frames, 1024, 2], dtype: '<f' });
  const y = new BigInt64Array(frames * 24);
  const z = new BigInt64Array(frames);
  // class-major then SNR ascending, like the published file
  const perClass = frames / 24;
  for (let i = 0; i < frames; i++) {
    const c = Math.floor(i / perClass);
    y[i * 24 + c] = 1n;
    z[i] = BigInt(-20 + 2 * Math.floor(((i % perClass) / perClass) * 26));
  }
  f.create_dataset({ name: 'Y', data: y, shape: [frames, 24], dtype: '<q' });
  f.create_dataset({ name: 'Z', data: z, shape: [frames, 1], dtype: '<q' });
  f.close();
}

function npyBytes(shape: number[], data: Float32Array): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  pre.writeUInt16LE(header.length, 8);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

/** A one-member deflated zip, laid out as numpy.savez_compressed writes it. */
function npzBytes(member: string, content: Buffer): Buffer {
  const packed = deflateRawSync(content, { level: 6 });
  const name = Buffer.from(member);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + packed.length, 16);
  return Buffer.concat([local, name, packed, central, name, end]);
}

interface Case {
  name: string;
  file: string;
  options?: Record<string, unknown>;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'amr-bench-formats-'));
  try {
    // The HDF5 library's one-time start-up (module load and WebAssembly compile), measured on its own.
    const startup = performance.now();
    await import('h5wasm/node').then((m) => m.ready);
    const h5StartupSeconds = (performance.now() - startup) / 1000;

    const h5Frames = 24 * 128 * scale;
    const sigmfSamples = 4_194_304 * scale;
    const npyFrames = 16_384 * scale;
    const cases: Case[] = [];

    const h5Path = join(dir, 'rml2018.hdf5');
    await writeHdf5(h5Path, h5Frames);
    cases.push({ name: 'rml2018-hdf5 (all frames)', file: h5Path });
    cases.push({ name: 'rml2018-hdf5 (subset: 4 classes, SNR ≥ 0)', file: h5Path, options: { classes: rml2018Classes.slice(0, 4), snrMin: 0 } });

    const meta = join(dir, 'capture.sigmf-meta');
    writeFileSync(join(dir, 'capture.sigmf-data'), Buffer.from(randomFloats(2 * sigmfSamples, 2).buffer));
    const bursts = 16;
    const span = sigmfSamples / bursts;
    writeFileSync(
      meta,
      JSON.stringify({
        global: { 'core:datatype': 'cf32_le', 'core:sample_rate': 1e6, 'core:version': '1.0.0' },
        captures: [{ 'core:sample_start': 0, 'core:frequency': 915e6 }],
        annotations: Array.from({ length: bursts }, (_, b) => ({
          'core:sample_start': b * span,
          'core:sample_count': span,
          'core:label': ['BPSK', 'QPSK', 'GFSK', 'AM-DSB'][b % 4],
        })),
      }),
    );
    cases.push({ name: 'sigmf cf32_le (labelled windows of 128)', file: meta });

    const npyData = randomFloats(npyFrames * 2 * 128, 3);
    const npy = join(dir, 'frames.npy');
    writeFileSync(npy, npyBytes([npyFrames, 2, 128], npyData));
    cases.push({ name: 'npy f4 (N, 2, 128)', file: npy });
    const npz = join(dir, 'frames.npz');
    writeFileSync(npz, npzBytes('X.npy', npyBytes([npyFrames, 2, 128], npyData)));
    cases.push({ name: 'npz deflated (N, 2, 128)', file: npz });

    const raw = join(dir, 'capture.ci16');
    const ints = new Int16Array(2 * sigmfSamples).map((_, i) => (i * 7919) % 65536 - 32768);
    writeFileSync(raw, Buffer.from(ints.buffer));
    cases.push({ name: 'raw ci16_le (windows of 128)', file: raw, options: { label: 'unknown' } });

    const results = [];
    for (const c of cases) {
      const store = openProject(join(dir, `${results.length}.amrproj`), { create: true });
      let peakRss = process.memoryUsage().rss;
      const baseRss = peakRss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
      const { dataset, seconds } = await importFile(store, c.file, { options: c.options });
      clearInterval(sampler);
      store.close();
      const bytes = statSync(c.file).size + (c.file.endsWith('.sigmf-meta') ? statSync(c.file.replace('-meta', '-data')).size : 0);
      results.push({
        case: c.name,
        fileMB: +(bytes / 1e6).toFixed(1),
        samples: dataset.count,
        length: dataset.length,
        seconds: +seconds.toFixed(3),
        samplesPerSecond: Math.round(dataset.count / seconds),
        sourceMBPerSecond: +(bytes / 1e6 / seconds).toFixed(1),
        peakRssGrowthMB: +((peakRss - baseRss) / 1e6).toFixed(1),
      });
    }
    console.log(JSON.stringify({ benchmark: 'import-formats', scale, node: process.version, h5StartupSeconds: +h5StartupSeconds.toFixed(2), results }, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
