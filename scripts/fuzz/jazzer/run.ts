// The coverage-guided mode of `npm run fuzz`: each target of targets.ts gets an equal share of the
// time in its own Jazzer.js process (libFuzzer underneath), which keeps its corpus under
// <out>/jazzer/corpus/<target> between runs and writes what it finds under
// <out>/jazzer/findings/<target>. Per input: `maxMs` (libFuzzer's timeout, a hang); per process:
// `rssMb` (libFuzzer's RSS limit) and `heapMb` (V8's heap). A finding stops that process; the
// target is restarted while its share of time lasts. Coverage is libFuzzer's: `cov` counts the
// edges of the importers' code reached, `ft` the features (edges with hit-count buckets).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { jazzerTarget, jazzerTargets } from './targets.ts';

export interface JazzerOptions {
  minutes: number;
  seed: number;
  out: string;
  heapMb: number;
  maxMs: number;
  rssMb: number;
  targets?: string[];
}

interface Stats {
  runs: number;
  covStart: number | null;
  ftStart: number | null;
  cov: number | null;
  ft: number | null;
  corpus: number | null;
  execPerSec: number | null;
  peakRssMb: number | null;
}

const root = resolve(import.meta.dirname, '../../..');
// starting Jazzer (loading and instrumenting the importers) takes seconds on a loaded machine
const graceS = 120;
// the last libFuzzer also prints after `#N`: "INITED cov: 5 ft: 7 corp: 3/1kb ..." or "NEW …", "DONE …"
const statusLine = /^#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+) corp: (\d+)\/\S+(?:.*?exec\/s: (\d+))?(?:.*?rss: (\d+)Mb)?/;

/** The figures of one libFuzzer run, from its output. */
export function parseLibFuzzerOutput(text: string): Stats & { problem: string | null; artifacts: string[] } {
  const stats: Stats = { runs: 0, covStart: null, ftStart: null, cov: null, ft: null, corpus: null, execPerSec: null, peakRssMb: null };
  let problem: string | null = null;
  const artifacts: string[] = [];
  for (const line of text.split('\n')) {
    const status = statusLine.exec(line);
    if (status) {
      const [, runs, kind, cov, ft, corpus, execPerSec, rss] = status;
      stats.runs = Number(runs);
      if (kind === 'INITED') [stats.covStart, stats.ftStart] = [Number(cov), Number(ft)];
      [stats.cov, stats.ft, stats.corpus] = [Number(cov), Number(ft), Number(corpus)];
      if (execPerSec) stats.execPerSec = Number(execPerSec);
      if (rss) stats.peakRssMb = Math.max(stats.peakRssMb ?? 0, Number(rss));
      continue;
    }
    const stat = /^stat::(\w+):\s+(\d+)/.exec(line);
    if (stat?.[1] === 'number_of_executed_units') stats.runs = Number(stat[2]);
    if (stat?.[1] === 'peak_rss_mb') stats.peakRssMb = Math.max(stats.peakRssMb ?? 0, Number(stat[2]));
    // Jazzer.js and libFuzzer name a finding on a line starting "==PID== "
    const finding = /^==\d+== (.*)/.exec(line);
    if (finding && problem === null) problem = finding[1]!.trim();
    const written = /Test unit written to (\S+)/.exec(line);
    if (written) artifacts.push(written[1]!);
  }
  return { ...stats, problem, artifacts };
}

/**
 * One Jazzer.js process on one target: `limit` is libFuzzer's stopping rule (-max_total_time=S or
 * -runs=N); it is killed when it runs `graceS` past `expectedS` (a hang outside any one input).
 */
export function runJazzerProcess(
  name: string,
  limit: string,
  expectedS: number,
  seed: number,
  dirs: { corpus: string; findings: string },
  opts: Pick<JazzerOptions, 'heapMb' | 'maxMs' | 'rssMb'>,
): Promise<{ text: string; code: number | null; signal: string | null }> {
  return new Promise((done) => {
    const args = [
      '--import', './bin/register-ts.mjs',
      '--import', './scripts/fuzz/jazzer/preload.ts',
      `--max-old-space-size=${opts.heapMb}`,
      'node_modules/@jazzer.js/core/dist/cli.js',
      'scripts/fuzz/jazzer/fuzz-target.mjs',
      dirs.corpus,
      '--includes', 'src/main/engine/io',
      '--timeout', String(opts.maxMs),
      '--',
      limit,
      `-rss_limit_mb=${opts.rssMb}`,
      `-seed=${seed}`,
      `-artifact_prefix=${dirs.findings}/`,
      '-print_final_stats=1',
    ];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AMR_FUZZ_TARGET: name, AMR_FUZZ_MAX_MS: String(opts.maxMs) } });
    let text = '';
    // the status lines come often: keep the head (INITED) and a bounded tail
    const keep = (d: Buffer) => {
      text += d.toString();
      if (text.length > 400_000) text = text.slice(0, 100_000) + text.slice(-200_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), (expectedS + graceS) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ text, code, signal });
    });
  });
}

/** Fuzzes the targets in turn, prints the JSON report; returns the number of findings. */
export async function runJazzer(opts: JazzerOptions): Promise<number> {
  const names = opts.targets ?? Object.keys(jazzerTargets);
  const started = Date.now();
  const loadStart = loadavg();
  const perTarget: Record<string, Stats & { processes: number; seconds: number; loadavgEnd: number[] }> = {};
  const findings: { target: string; seed: number; problem: string; artifacts: string[] }[] = [];
  for (const [i, name] of names.entries()) {
    const target = jazzerTarget(name);
    const corpus = join(root, opts.out, 'jazzer/corpus', name);
    const findingDir = join(root, opts.out, 'jazzer/findings', name);
    mkdirSync(corpus, { recursive: true });
    mkdirSync(findingDir, { recursive: true });
    for (const s of target.seeds) if (!existsSync(join(corpus, basename(s)))) copyFileSync(s, join(corpus, basename(s)));
    const targetEnd = started + ((i + 1) * opts.minutes * 60_000) / names.length;
    const total: Stats & { processes: number; seconds: number; loadavgEnd: number[] } = { runs: 0, covStart: null, ftStart: null, cov: null, ft: null, corpus: null, execPerSec: null, peakRssMb: null, processes: 0, seconds: 0, loadavgEnd: [] };
    const targetStarted = Date.now();
    // a finding ends a process early: start another (new seed) while at least 10 s of the share remain
    while (targetEnd - Date.now() >= 10_000 && total.processes < 5) {
      const seed = (opts.seed + i * 1000 + total.processes) % 2 ** 31 || 1;
      const seconds = Math.floor((targetEnd - Date.now()) / 1000);
      const { text, code, signal } = await runJazzerProcess(name, `-max_total_time=${seconds}`, seconds, seed, { corpus, findings: findingDir }, opts);
      const run = parseLibFuzzerOutput(text);
      total.processes++;
      total.runs += run.runs;
      total.covStart ??= run.covStart;
      total.ftStart ??= run.ftStart;
      for (const k of ['cov', 'ft', 'corpus', 'execPerSec'] as const) total[k] = run[k] ?? total[k];
      total.peakRssMb = Math.max(total.peakRssMb ?? 0, run.peakRssMb ?? 0);
      if (code !== 0 || run.problem) {
        const why = run.problem ?? (signal ? `killed by ${signal} (no end past its time: a hang)` : `exit ${code}: ${text.trim().split('\n').slice(-3).join(' | ')}`);
        findings.push({ target: name, seed, problem: why.slice(0, 2000), artifacts: run.artifacts });
      }
    }
    total.seconds = Math.round((Date.now() - targetStarted) / 1000);
    total.loadavgEnd = loadavg();
    perTarget[name] = total;
  }
  const runs = Object.values(perTarget).reduce((n, s) => n + s.runs, 0);
  console.log(
    JSON.stringify(
      {
        engine: 'jazzer',
        minutes: opts.minutes,
        elapsedS: Math.round((Date.now() - started) / 1000),
        baseSeed: opts.seed,
        maxMsPerInput: opts.maxMs,
        rssLimitMb: opts.rssMb,
        heapMb: opts.heapMb,
        runs,
        failures: findings.length,
        findings,
        perTarget,
        existingFindingFiles: Object.fromEntries(names.map((n) => [n, readdirSync(join(root, opts.out, 'jazzer/findings', n)).length])),
        machine: { cpu: cpus()[0]?.model, cores: cpus().length, loadavgStart: loadStart, loadavgEnd: loadavg(), node: process.version },
      },
      null,
      1,
    ),
  );
  return findings.length;
}
