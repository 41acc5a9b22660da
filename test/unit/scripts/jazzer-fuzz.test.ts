// The glue of the coverage-guided fuzzing (`npm run fuzz -- --engine jazzer`), without a long
// run: every target imports its valid seed and refuses a hostile input with our typed error
// only; Jazzer's addon loads on this machine; a real 40-input Jazzer run on one target reports
// executions and coverage of the importers' code, and finds nothing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLibFuzzerOutput, runJazzerProcess } from '../../../scripts/fuzz/jazzer/run.ts';
import { fuzzFunction, jazzerTargets } from '../../../scripts/fuzz/jazzer/targets.ts';
import { hostileDir } from '../../helpers/hostile-imports.ts';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'amr-jazzer-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** a hostile input per target: a committed hostile file of its format, or its seed cut short */
function hostileInput(name: string): Buffer {
  const { seeds } = jazzerTargets[name]!;
  const file = seeds.find((s) => s.startsWith(hostileDir));
  if (file) return readFileSync(file);
  const valid = readFileSync(seeds[0]!);
  return valid.subarray(0, Math.floor(valid.length / 3));
}

describe('coverage-guided fuzz targets', () => {
  for (const name of Object.keys(jazzerTargets)) {
    it(`${name}: the seed imports, a hostile input is refused with an AppError naming the file`, async () => {
      const targetDir = join(dir, name);
      mkdirSync(targetDir);
      const importInput = fuzzFunction(jazzerTargets[name]!, targetDir, 10_000);
      expect((await importInput(readFileSync(jazzerTargets[name]!.seeds[0]!))).kind).toBe('dataset');
      expect((await importInput(hostileInput(name))).kind).toBe('refused');
    }, 30_000);
  }

  it('loads Jazzer.js and fuzzes a target for 40 inputs: executions, coverage, no finding', async () => {
    const corpus = join(dir, 'corpus');
    const findings = join(dir, 'findings');
    mkdirSync(corpus);
    mkdirSync(findings);
    for (const s of jazzerTargets.npy!.seeds) copyFileSync(s, join(corpus, basename(s)));
    const run = await runJazzerProcess('npy', '-runs=40', 60, 26, { corpus, findings }, { heapMb: 512, maxMs: 10_000, rssMb: 2048 });
    const report = parseLibFuzzerOutput(run.text);
    expect({ code: run.code, problem: report.problem }).toEqual({ code: 0, problem: null });
    expect(report.runs).toBe(40);
    // the seeds alone reach ~100 edges of the npy reader; an empty corpus ~16
    expect(report.cov).toBeGreaterThan(50);
    expect(report.ft).toBeGreaterThanOrEqual(report.cov!);
  }, 90_000);

  it('reads a finding, its artifact and the figures from libFuzzer output', () => {
    const text = [
      '#2\tINITED cov: 90 ft: 120 corp: 1/896b exec/s: 0 rss: 230Mb',
      '#512\tpulse  cov: 101 ft: 160 corp: 9/2kb lim: 896 exec/s: 256 rss: 250Mb',
      '==4242== Uncaught Exception: Error: npz: RangeError: Invalid code point 603979856 (not an AppError)',
      "artifact_prefix='out/'; Test unit written to out/crash-6e89",
      'stat::number_of_executed_units: 530',
      'stat::peak_rss_mb:              262',
    ].join('\n');
    expect(parseLibFuzzerOutput(text)).toEqual({
      runs: 530,
      covStart: 90,
      ftStart: 120,
      cov: 101,
      ft: 160,
      corpus: 9,
      execPerSec: 256,
      peakRssMb: 262,
      problem: 'Uncaught Exception: Error: npz: RangeError: Invalid code point 603979856 (not an AppError)',
      artifacts: ['out/crash-6e89'],
    });
  });

  it("Jazzer's prebuilt addon needs the patched copy on a glibc older than 2.38, and loads with it", (ctx) => {
    const glibc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime;
    if (!glibc || process.arch !== 'x64' || !/^2\.(\d|[12]\d|3[0-7])$/.test(glibc)) {
      ctx.skip(`glibc ${glibc ?? 'absent'} on ${process.arch}: the addon loads as shipped`);
      return;
    }
    const load = "require('@jazzer.js/fuzzer'); console.log('loaded')";
    const plain = spawnSync(process.execPath, ['-e', load], { cwd: root, encoding: 'utf8' });
    expect(plain.stderr).toContain('GLIBC_2.38');
    const patched = spawnSync(process.execPath, ['--import', './bin/register-ts.mjs', '--import', './scripts/fuzz/jazzer/preload.ts', '-e', load], { cwd: root, encoding: 'utf8' });
    expect(patched.stdout.trim()).toBe('loaded');
  }, 30_000);
});
