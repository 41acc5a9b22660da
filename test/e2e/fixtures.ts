// Small datasets in real on-disk formats, made at test time.
import { writeFileSync } from 'node:fs';
import { rmlP0Bytes, type RmlEntry } from '../helpers/rml-p0-writer.ts';

export interface PickleFixture {
  path: string;
  classes: string[];
  snrs: number[];
  perKey: number;
  length: number;
}

/** Mulberry32: a tiny seeded generator, enough for test signals. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const points: Record<string, [number, number][]> = {
  BPSK: [
    [1, 0],
    [-1, 0],
  ],
  QPSK: [
    [Math.SQRT1_2, Math.SQRT1_2],
    [-Math.SQRT1_2, Math.SQRT1_2],
    [-Math.SQRT1_2, -Math.SQRT1_2],
    [Math.SQRT1_2, -Math.SQRT1_2],
  ],
  '8PSK': Array.from({ length: 8 }, (_, k) => [Math.cos((k * Math.PI) / 4), Math.sin((k * Math.PI) / 4)] as [number, number]),
  PAM4: [
    [-3 / Math.sqrt(5), 0],
    [-1 / Math.sqrt(5), 0],
    [1 / Math.sqrt(5), 0],
    [3 / Math.sqrt(5), 0],
  ],
};

/** Symbols of each class plus Gaussian noise at the key's SNR, written as a protocol-0 RadioML pickle. */
export function writeRmlPickle(path: string, opts: { perKey: number; snrs: number[]; length: number; seed: number }): PickleFixture {
  const random = seeded(opts.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const classes = Object.keys(points);
  const entries: RmlEntry[] = [];
  for (const modulation of classes) {
    const alphabet = points[modulation]!;
    for (const snr of opts.snrs) {
      const sigma = Math.sqrt(10 ** (-snr / 10) / 2);
      const data = new Float32Array(opts.perKey * 2 * opts.length);
      for (let v = 0; v < opts.perKey; v++) {
        for (let n = 0; n < opts.length; n++) {
          const [i, q] = alphabet[Math.floor(random() * alphabet.length)]!;
          data[v * 2 * opts.length + n] = 0.1 * (i + sigma * gauss());
          data[v * 2 * opts.length + opts.length + n] = 0.1 * (q + sigma * gauss());
        }
      }
      entries.push({ modulation, snr, data, shape: [opts.perKey, 2, opts.length] });
    }
  }
  writeFileSync(path, rmlP0Bytes(entries));
  return { path, classes, snrs: opts.snrs, perKey: opts.perKey, length: opts.length };
}
