// What the Jazzer.js fuzzer loads for one target (named by AMR_FUZZ_TARGET, per-input bound in
// ms by AMR_FUZZ_MAX_MS): its `fuzz` function imports each input in a scratch folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzFunction, jazzerTarget } from './targets.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-jazzer-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const importInput = fuzzFunction(jazzerTarget(process.env.AMR_FUZZ_TARGET ?? ''), dir, Number(process.env.AMR_FUZZ_MAX_MS ?? 5000));

export async function fuzz(input: Buffer): Promise<void> {
  await importInput(input);
}
