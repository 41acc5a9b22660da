// Fuzzing the importers: small valid files (test/fixtures/fuzz-seeds) mutated byte-wise and
// truncated by fast-check, each imported with its own importer into an in-memory writer. The
// property: every input gives either a whole dataset or an AppError whose message names the
// file — never another exception, and within a time bound per input. Shared by the property
// tests in the suite and the long runs of `npm run fuzz`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { rml2018Importer } from '../../src/main/engine/io/hdf5-rml2018.ts';
import type { Importer } from '../../src/main/engine/io/importer.ts';
import { numpyImporter } from '../../src/main/engine/io/numpy.ts';
import { rmlPickleImporter } from '../../src/main/engine/io/rml-pickle.ts';
import { sigmfImporter } from '../../src/main/engine/io/sigmf.ts';
import { AppError } from '../../src/shared/errors.ts';
import { collectingWriter } from './collecting-writer.ts';

export const fuzzSeedDir = resolve(import.meta.dirname, '../fixtures/fuzz-seeds');

export interface FuzzTarget {
  name: string;
  seedFile: string;
  importer: Importer;
  options?: Record<string, unknown>;
}

export const fuzzTargets: FuzzTarget[] = [
  ...[0, 2, 4, 5].map((p) => ({ name: `pickle-p${p}`, seedFile: `rml-p${p}.pkl`, importer: rmlPickleImporter })),
  { name: 'npy', seedFile: 'frames.npy', importer: numpyImporter, options: { label: 'BPSK', snr: 0 } },
  { name: 'npz', seedFile: 'frames.npz', importer: numpyImporter },
  { name: 'npz-deflated', seedFile: 'frames-deflated.npz', importer: numpyImporter, options: { classes: 'BPSK,QPSK,8PSK', snr: 0 } },
  { name: 'sigmf-archive', seedFile: 'bursts.sigmf', importer: sigmfImporter, options: { windowLength: 32 } },
  { name: 'hdf5', seedFile: 'rml2018.h5', importer: rml2018Importer },
];

export function fuzzTarget(name: string): FuzzTarget {
  const found = fuzzTargets.find((t) => t.name === name);
  if (!found) throw new Error(`unknown fuzz target '${name}'; known: ${fuzzTargets.map((t) => t.name).join(', ')}`);
  return found;
}

export function seedBytes(target: FuzzTarget): Buffer {
  return readFileSync(join(fuzzSeedDir, target.seedFile));
}

export type Mutation =
  | { kind: 'set'; at: number; value: number }
  | { kind: 'xor'; at: number; mask: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'erase'; at: number; count: number }
  /** a boundary value (0, 0xff, 0x7f, 0x80) written as 1, 4 or 8 bytes: sizes and counts in headers */
  | { kind: 'extreme'; at: number; width: 1 | 4 | 8; value: number };

/**
 * Where a mutation lands: below 1, a share of the length (one mutation list fits any file); from
 * 1 up, a byte offset, so headers and magic numbers near the start are hit often.
 */
function position(at: number, length: number): number {
  return Math.min(length, at < 1 ? Math.floor(at * length) : at);
}

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const at = fc.oneof(fraction, fc.integer({ min: 1, max: 512 }));

export const mutationArbitrary: fc.Arbitrary<{ mutations: Mutation[]; keep: number }> = fc.record({
  mutations: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at, value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('xor' as const), at, mask: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }),
      fc.record({ kind: fc.constant('erase' as const), at, count: fc.integer({ min: 1, max: 64 }) }),
      fc.record({ kind: fc.constant('extreme' as const), at, width: fc.constantFrom(1 as const, 4 as const, 8 as const), value: fc.constantFrom(0, 0xff, 0x7f, 0x80) }),
    ),
    { minLength: 1, maxLength: 6 },
  ) as fc.Arbitrary<Mutation[]>,
  /** the share of the mutated bytes kept: 1 most of the time, a truncation otherwise */
  keep: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fraction }),
}) as fc.Arbitrary<{ mutations: Mutation[]; keep: number }>;

export function mutate(seed: Buffer, input: { mutations: Mutation[]; keep: number }): Buffer {
  let bytes = Buffer.from(seed);
  for (const m of input.mutations) {
    const at = position(m.at, bytes.length);
    if (m.kind === 'set' && at < bytes.length) bytes[at] = m.value;
    else if (m.kind === 'xor' && at < bytes.length) bytes[at] = bytes[at]! ^ m.mask;
    else if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    else if (m.kind === 'erase') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.count)]);
    else if (m.kind === 'extreme') bytes.fill(m.value, at, Math.min(bytes.length, at + m.width));
  }
  return input.keep === 1 ? bytes : bytes.subarray(0, position(input.keep, bytes.length));
}

export type FuzzOutcome = { kind: 'dataset'; samples: number } | { kind: 'refused'; code: string };

/** A broken property: the input's outcome was neither a dataset nor an AppError naming the file. */
export class FuzzFinding extends Error {}

/**
 * Imports one input written to `path` (named like the seed, so extension-based choices stay
 * the same) and checks the property. Throws a FuzzFinding when it does not hold.
 */
export async function importOnce(target: FuzzTarget, bytes: Buffer, path: string, maxMs: number): Promise<FuzzOutcome> {
  writeFileSync(path, bytes);
  const writer = collectingWriter();
  const started = performance.now();
  let outcome: FuzzOutcome;
  try {
    const opts = { options: target.options ?? {} };
    await target.importer.inspect(path, opts);
    const report = await target.importer.run(path, writer, opts);
    if (report.samples !== writer.count) throw new FuzzFinding(`${target.name}: report says ${report.samples} samples, the writer got ${writer.count}`);
    outcome = { kind: 'dataset', samples: report.samples };
  } catch (err) {
    if (err instanceof FuzzFinding) throw err;
    if (!(err instanceof AppError)) throw new FuzzFinding(`${target.name}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)} (not an AppError)`);
    if (!err.message.includes(path)) throw new FuzzFinding(`${target.name}: ${err.code} message does not name the file: ${err.message}`);
    outcome = { kind: 'refused', code: err.code };
  }
  const ms = performance.now() - started;
  if (ms > maxMs) throw new FuzzFinding(`${target.name}: one ${bytes.length}-byte input took ${ms.toFixed(0)} ms (limit ${maxMs} ms)`);
  return outcome;
}

/** The input file for a target inside a scratch folder: the seed's own name. */
export function inputPath(dir: string, target: FuzzTarget): string {
  return join(dir, target.seedFile);
}
