// The coverage-guided fuzz targets of `npm run fuzz -- --engine jazzer`: one per importer, each
// started from the small valid files of test/fixtures/fuzz-seeds and the hostile files of its
// format under test/fixtures/hostile. An input becomes the importer's file (raw I/Q: its first
// bytes choose the import options, so the fuzzer explores datatypes, windows and headers too);
// the property is the fast-check one (importOnce): a whole dataset or an AppError naming the file.
import { copyFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hostileDir } from '../../../test/helpers/hostile-imports.ts';
import { importOnce, fuzzSeedDir, type FuzzOutcome, type FuzzTarget } from '../../../test/helpers/importer-fuzz.ts';
import { rml2018Importer } from '../../../src/main/engine/io/hdf5-rml2018.ts';
import { numpyImporter } from '../../../src/main/engine/io/numpy.ts';
import { rawIqImporter } from '../../../src/main/engine/io/raw-iq.ts';
import { rmlPickleImporter } from '../../../src/main/engine/io/rml-pickle.ts';
import { sigmfImporter } from '../../../src/main/engine/io/sigmf.ts';

export interface JazzerTarget {
  /** importer, the input's file name (its extension picks the format's path) and fixed options */
  base: FuzzTarget;
  /** the starting corpus */
  seeds: string[];
  /** files copied beside the input (the .sigmf-data of a .sigmf-meta) */
  companions?: string[];
  /** options taken from the input's first bytes, and the file's bytes after them */
  split?: (input: Buffer) => { bytes: Buffer; options: Record<string, unknown> };
}

const seed = (name: string) => join(fuzzSeedDir, name);
const hostile = (prefix: string) =>
  readdirSync(hostileDir)
    .filter((f) => f.startsWith(prefix) && !f.endsWith('.py') && !f.endsWith('.raw'))
    .sort()
    .map((f) => join(hostileDir, f));

const rawDatatypes = ['cf32_le', 'ci16_le', 'ci8', 'cu8', 'cf64_le', 'ri16_le', 'cf32_be', 'ci32_le', 'rf32_le', 'cf16_le'];
const rawOptionBytes = 4;

/** Raw I/Q options from 4 bytes: datatype; window and hop; header and channel count; channel and scaling. */
export function rawOptions(input: Buffer): { bytes: Buffer; options: Record<string, unknown> } {
  const [a = 0, b = 0, c = 0, d = 0] = input.subarray(0, rawOptionBytes);
  const hop = [undefined, 1, 7, 64][(b >> 2) & 3];
  return {
    bytes: input.subarray(rawOptionBytes),
    options: {
      datatype: rawDatatypes[a % rawDatatypes.length],
      windowLength: [16, 2, 128, 4096][b & 3],
      ...(hop === undefined ? {} : { hop }),
      headerBytes: c & 31,
      channels: 1 + ((c >> 5) & 3),
      channel: d & 3,
      scaleIntegers: (d & 4) === 0,
      label: 'BPSK',
      snr: 0,
    },
  };
}

export const jazzerTargets: Record<string, JazzerTarget> = {
  pickle: {
    base: { name: 'pickle', seedFile: 'rml.pkl', importer: rmlPickleImporter },
    seeds: [0, 1, 2, 3, 4, 5].map((p) => seed(`rml-p${p}.pkl`)).concat(hostile('pickle-')),
  },
  hdf5: { base: { name: 'hdf5', seedFile: 'rml2018.h5', importer: rml2018Importer }, seeds: [seed('rml2018.h5'), ...hostile('hdf5-')] },
  'sigmf-meta': {
    base: { name: 'sigmf-meta', seedFile: 'bursts.sigmf-meta', importer: sigmfImporter, options: { windowLength: 32 } },
    seeds: [seed('bursts.sigmf-meta')],
    companions: [seed('bursts.sigmf-data')],
  },
  'sigmf-archive': {
    base: { name: 'sigmf-archive', seedFile: 'bursts.sigmf', importer: sigmfImporter, options: { windowLength: 32 } },
    seeds: [seed('bursts.sigmf'), ...hostile('sigmf-')],
  },
  npy: { base: { name: 'npy', seedFile: 'frames.npy', importer: numpyImporter, options: { label: 'BPSK', snr: 0 } }, seeds: [seed('frames.npy'), ...hostile('npy-')] },
  npz: {
    base: { name: 'npz', seedFile: 'frames.npz', importer: numpyImporter, options: { classes: 'BPSK,QPSK,8PSK', snr: 0 } },
    seeds: [seed('frames.npz'), seed('frames-deflated.npz'), ...hostile('npz-')],
  },
  raw: { base: { name: 'raw', seedFile: 'capture.iq', importer: rawIqImporter }, seeds: [seed('raw-options-cf32.bin')], split: rawOptions },
};

export function jazzerTarget(name: string): JazzerTarget {
  const found = jazzerTargets[name];
  if (!found) throw new Error(`unknown fuzz target '${name}'; known: ${Object.keys(jazzerTargets).join(', ')}`);
  return found;
}

/**
 * The function the fuzzer calls for one target, importing inside `dir` (its companions are
 * copied there first). It throws a FuzzFinding when the property does not hold, and an input
 * over `maxMs` is a finding too (the fuzzer's own timeout catches what never returns).
 */
export function fuzzFunction(target: JazzerTarget, dir: string, maxMs: number): (input: Buffer) => Promise<FuzzOutcome> {
  for (const c of target.companions ?? []) copyFileSync(c, join(dir, basename(c)));
  const path = join(dir, target.base.seedFile);
  return (input) => {
    if (!target.split) return importOnce(target.base, input, path, maxMs);
    const { bytes, options } = target.split(input);
    return importOnce({ ...target.base, options }, bytes, path, maxMs);
  };
}
