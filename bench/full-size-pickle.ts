// A full-size RML2016.10a-layout protocol-0 pickle (11 classes × 20 SNRs × 1,000 random vectors
// of 2 × 128, about 640 MB), written once under .bench/ and reused by the benchmarks.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeRmlP0File, type RmlEntry } from '../test/helpers/rml-p0-writer.ts';

export const fullSize = {
  classes: ['8PSK', 'AM-DSB', 'AM-SSB', 'BPSK', 'CPFSK', 'GFSK', 'PAM4', 'QAM16', 'QAM64', 'QPSK', 'WBFM'],
  snrs: Array.from({ length: 20 }, (_, i) => -20 + 2 * i),
  perKey: 1000,
  length: 128,
} as const;

function* randomEntries(seed: number): Generator<RmlEntry> {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const { classes, snrs, perKey, length } = fullSize;
  for (const modulation of classes) {
    for (const snr of snrs) {
      const data = new Float32Array(perKey * 2 * length);
      // Amplitudes like the published set: unit-energy vectors of 128 samples, values ~1e-2.
      for (let i = 0; i < data.length; i++) data[i] = (next() + next() + next() - 1.5) * 0.02;
      yield { modulation, snr, data, shape: [perKey, 2, length] };
    }
  }
}

/** The pickle's path, written (seed 2016) when it is not there yet. */
export async function fullSizePickle(): Promise<string> {
  const dir = resolve('.bench');
  const file = join(dir, 'rml2016a_full_p0.pkl');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  await writeRmlP0File(`${file}.part`, randomEntries(2016));
  renameSync(`${file}.part`, file);
  return file;
}
