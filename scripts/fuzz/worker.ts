// One batch of `npm run fuzz`: runs the importer property on one target for a number of inputs
// from one seed, in its own process (the parent bounds its time and memory). Prints one JSON line;
// a broken property also leaves the (shrunk) input under the output folder for a regression file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { fuzzTarget, importOnce, inputPath, mutate, mutationArbitrary, seedBytes } from '../../test/helpers/importer-fuzz.ts';

const [name = '', seedText = '0', runsText = '100', outDir = 'test-output/fuzz', maxMsText = '5000'] = process.argv.slice(2);
const target = fuzzTarget(name);
const seed = Number(seedText);
const original = seedBytes(target);
const dir = mkdtempSync(join(tmpdir(), 'amr-fuzz-'));
const path = inputPath(dir, target);
const counts = { dataset: 0, refused: 0 };

const result = await fc.check(
  fc.asyncProperty(mutationArbitrary, async (input) => {
    counts[(await importOnce(target, mutate(original, input), path, Number(maxMsText))).kind]++;
  }),
  { seed, numRuns: Number(runsText) },
);
rmSync(dir, { recursive: true, force: true });

let failure: { message: string; input: string } | null = null;
if (result.failed && result.counterexample) {
  mkdirSync(outDir, { recursive: true });
  const input = join(outDir, `${target.name}-seed${seed}-${target.seedFile}`);
  writeFileSync(input, mutate(original, result.counterexample[0]));
  failure = { message: String(result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance), input };
}
console.log(JSON.stringify({ target: target.name, seed, runs: result.numRuns, ...counts, failure, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
