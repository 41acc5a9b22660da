// The property-based mode of `npm run fuzz` (see run.ts): fuzzes every importer for N minutes
// with fast-check, in batches of R inputs per target, each batch a child process bounded in time
// and heap. Prints JSON: executions per target, findings (with their seeds and the saved inputs), every batch seed,
// the machine's load and, per importer source file, the functions and share of code that ran (V8
// coverage of every batch, see coverage.ts). A batch that dies or overruns is a finding too
// (crash, hang, memory).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fuzzTargets } from '../../test/helpers/importer-fuzz.ts';
import { summariseCoverage, type V8Coverage } from './coverage.ts';

export interface FastCheckOptions {
  minutes: number;
  seed: number;
  batch: number;
  out: string;
  heapMb: number;
}

/** Runs the batches until the time is up, prints the JSON report; returns the number of findings. */
export async function runFastCheck(values: FastCheckOptions): Promise<number> {
  const root = resolve(import.meta.dirname, '../..');
  const { minutes, batch, heapMb, seed: baseSeed } = values;
  // a batch may take this long per input before it counts as a hang
  const batchMsPerInput = 2000;
  const maxMsPerInput = 5000;
  const importerDir = join(root, 'src/main/engine/io');
  const importerUrl = `${pathToFileURL(importerDir).href}/`;
  // only the importers' scripts are kept from each batch's dump (the rest is the loader, fast-check…)
  const coverageDumps: V8Coverage[] = [];

  function collectCoverage(dir: string): void {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const dump = JSON.parse(readFileSync(join(dir, file), 'utf8')) as V8Coverage;
      const sourceMaps = Object.entries(dump['source-map-cache'] ?? {}).filter(([url]) => url.startsWith(importerUrl));
      coverageDumps.push({ result: dump.result.filter((s) => s.url.startsWith(importerUrl)), 'source-map-cache': Object.fromEntries(sourceMaps) });
    }
    rmSync(dir, { recursive: true, force: true });
  }

  interface BatchLine {
    target: string;
    seed: number;
    runs: number;
    dataset: number;
    refused: number;
    failure: { message: string; input: string } | null;
    maxRssMB: number;
  }

  function runBatch(target: string, seed: number): Promise<{ line: BatchLine | null; problem: string | null }> {
    return new Promise((done) => {
      const args = ['--import', './bin/register-ts.mjs', `--max-old-space-size=${heapMb}`, 'scripts/fuzz/worker.ts', target, String(seed), String(batch), values.out, String(maxMsPerInput)];
      const coverageDir = mkdtempSync(join(tmpdir(), 'amr-fuzz-coverage-'));
      const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_V8_COVERAGE: coverageDir } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
      const limitMs = 30_000 + batch * batchMsPerInput;
      const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        collectCoverage(coverageDir);
        const last = stdout.trim().split('\n').pop() ?? '';
        try {
          done({ line: JSON.parse(last) as BatchLine, problem: code === 0 ? null : `exit ${code}` });
        } catch {
          done({ line: null, problem: signal ? `killed by ${signal} (over ${limitMs} ms: a hang)` : `exit ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
        }
      });
    });
  }

  const started = Date.now();
  const deadline = started + minutes * 60_000;
  const perTarget: Record<string, { runs: number; dataset: number; refused: number; batches: number; maxRssMB: number }> = {};
  const findings: { target: string; seed: number; problem: string; input?: string }[] = [];
  const seeds: { target: string; seed: number }[] = [];
  let round = 0;
  while (Date.now() < deadline) {
    for (const t of fuzzTargets) {
      if (Date.now() >= deadline) break;
      const seed = (baseSeed + round * fuzzTargets.length + fuzzTargets.indexOf(t)) % 2 ** 31;
      seeds.push({ target: t.name, seed });
      const { line, problem } = await runBatch(t.name, seed);
      const s = (perTarget[t.name] ??= { runs: 0, dataset: 0, refused: 0, batches: 0, maxRssMB: 0 });
      s.batches++;
      if (line) {
        s.runs += line.runs;
        s.dataset += line.dataset;
        s.refused += line.refused;
        s.maxRssMB = Math.max(s.maxRssMB, line.maxRssMB);
        if (line.failure) findings.push({ target: t.name, seed, problem: line.failure.message, input: line.failure.input });
      }
      if (problem && !line?.failure) findings.push({ target: t.name, seed, problem });
    }
    round++;
  }
  const runs = Object.values(perTarget).reduce((n, s) => n + s.runs, 0);
  console.log(
    JSON.stringify(
      {
        minutes,
        elapsedS: Math.round((Date.now() - started) / 1000),
        baseSeed,
        batch,
        heapMb,
        maxMsPerInput,
        runs,
        failures: findings.length,
        findings,
        perTarget,
        coverage: summariseCoverage(coverageDumps, importerDir, root),
        seeds,
        machine: { cpu: cpus()[0]?.model, cores: cpus().length, loadavgEnd: loadavg(), node: process.version },
      },
      null,
      1,
    ),
  );
  return findings.length;
}
