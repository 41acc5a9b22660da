// Property: a byte-mutated or truncated copy of a small valid file gives either a whole dataset
// or an AppError naming the file — never another exception, never slower than the bound. Seeded
// (the seed is printed by fast-check on failure); `npm run fuzz` runs the same property for long.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Importer } from '../../../../src/main/engine/io/importer.ts';
import { AppError } from '../../../../src/shared/errors.ts';
import { FuzzFinding, fuzzTargets, importOnce, inputPath, mutate, mutationArbitrary, seedBytes, type FuzzOutcome } from '../../../helpers/importer-fuzz.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seed = 2026;
// per-input bound: generous for a loaded shared machine, far below what a hang or a bomb takes
const maxMs = 3000;
const runs: Record<string, number> = { hdf5: 12 };
const defaultRuns = 40;

describe('importers under byte mutation and truncation', () => {
  for (const target of fuzzTargets) {
    it(`${target.name}: a whole dataset or an AppError naming the file`, async () => {
      const original = seedBytes(target);
      const path = inputPath(dir, target);
      // the unmutated seed imports: mutations start from a file that exercises the whole parser
      const clean = await importOnce(target, original, path, maxMs * 5);
      expect(clean.kind).toBe('dataset');
      const outcomes: FuzzOutcome['kind'][] = [];
      await fc.assert(
        fc.asyncProperty(mutationArbitrary, async (input) => {
          outcomes.push((await importOnce(target, mutate(original, input), path, maxMs)).kind);
        }),
        { seed, numRuns: runs[target.name] ?? defaultRuns, endOnFailure: true },
      );
      expect(outcomes.length).toBe(runs[target.name] ?? defaultRuns);
      expect(outcomes).toContain('refused');
    }, 60_000);
  }

  it('counts another exception type, or a message that does not name the file, as a finding', async () => {
    const failing = (err: Error): Importer => ({
      id: 'probe',
      label: 'probe',
      options: {},
      extensions: ['.bin'],
      detect: () => true,
      inspect: () => Promise.reject(err),
      run: () => Promise.reject(err),
    });
    const path = join(dir, 'probe.bin');
    const target = (err: Error) => ({ name: 'probe', seedFile: 'probe.bin', importer: failing(err) });
    await expect(importOnce(target(new TypeError('x is undefined')), Buffer.alloc(4), path, maxMs)).rejects.toThrow(FuzzFinding);
    await expect(importOnce(target(new AppError('BAD_FILE', 'truncated')), Buffer.alloc(4), path, maxMs)).rejects.toThrow(/does not name the file/);
    await expect(importOnce(target(new AppError('BAD_FILE', `${path}: truncated`)), Buffer.alloc(4), path, maxMs)).resolves.toEqual({ kind: 'refused', code: 'BAD_FILE' });
  });
});
