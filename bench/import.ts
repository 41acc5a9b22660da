// Import benchmark for RadioML 2016 pickles: our streaming importer (parse only, and parse +
// store into a real project file) against Python's own C unpickler on the same file, run at its
// best (reference-process.ts: an explicit environment, glibc keeping its memory, OpenBLAS on one
// thread) and, as a second labelled column, with glibc's default allocator. The JSON records the
// reference's environment, the CPU, the load average before and after, and each side's minor
// page faults.
// usage: node --import tsx bench/import.ts [file.pkl]
// Without a file, a full-size RML2016.10a-layout protocol-0 pickle (220,000 random vectors) is
// generated once under .bench/. Prints one JSON document.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importRmlPickle } from '../src/main/engine/io/rml-pickle.ts';
import { openProject } from '../src/main/engine/store/project.ts';
import type { DatasetWriter } from '../src/main/engine/store/types.ts';
import { loadAverage, machineRecord, ownMinorFaults, referenceEnv, runReference, type Allocator, type ChildUsage } from './reference-process.ts';
import { fullSize, fullSizePickle } from './full-size-pickle.ts';

const { length } = fullSize;

const discardingWriter = (): DatasetWriter => {
  let count = 0;
  const names: string[] = [];
  return {
    classIndex(name) {
      const i = names.indexOf(name);
      return i >= 0 ? i : names.push(name) - 1;
    },
    append(_data, meta) {
      count += meta.length;
    },
    get count() {
      return count;
    },
    commit() {
      throw new Error('not used');
    },
    abort() {},
  };
};

/** One measurement in this (fresh) process, so that peak RSS belongs to it alone. */
async function measure(mode: 'parse' | 'store', file: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'amr-bench-'));
  const faults0 = ownMinorFaults();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let vectors: number;
  if (mode === 'parse') {
    vectors = (await importRmlPickle(file, discardingWriter())).vectors;
  } else {
    const store = openProject(join(dir, 'bench.amrproj'), { create: true });
    const writer = store.beginDataset({
      name: 'bench', kind: 'imported', format: 'rml-pickle', sourcePath: file, sourceHash: 'bench', length, params: {},
    });
    vectors = (await importRmlPickle(file, writer)).vectors;
    writer.commit();
    store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // Every thread of the process: the parsing thread's start included.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  rmSync(dir, { recursive: true, force: true });
  const minorPageFaults = ownMinorFaults() - faults0;
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds, vectors, peakRssMB: process.resourceUsage().maxRSS / 1024, minorPageFaults }));
}

function child(mode: string, file: string): { seconds: number; cpuSeconds: number; vectors: number; peakRssMB: number; minorPageFaults: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), `--measure=${mode}`, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`${mode} run failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Python's unpickler on the file, parse only, timed inside the process (interpreter start excluded). */
function python(file: string, allocator: Allocator): { seconds: number; usage: ChildUsage } | { error: string } {
  const code = ['import pickle, sys, time', 't = time.perf_counter()', "pickle.load(open(sys.argv[1], 'rb'), encoding='latin1')", 'print(time.perf_counter() - t)'].join('\n');
  const r = runReference(['-c', code, file], referenceEnv(1, allocator));
  if (!r.ok) return { error: r.why };
  return { seconds: Number(r.stdout.trim().split('\n').at(-1)), usage: r.usage };
}

async function main(): Promise<void> {
  const measureArg = process.argv.find((a) => a.startsWith('--measure='));
  if (measureArg) {
    await measure(measureArg.slice('--measure='.length) as 'parse' | 'store', process.argv[process.argv.length - 1]);
    return;
  }
  const given = process.argv[2];
  const file = given ? resolve(given) : await fullSizePickle();
  const bytes = statSync(file).size;
  const loadBefore = loadAverage();
  const parse = child('parse', file);
  const store = child('store', file);
  const py = { tuned: python(file, 'tuned'), default: python(file, 'default') };
  const mb = bytes / 1e6;
  // > 1 means ours finished faster than Python's parse alone.
  const ratios = (seconds: number) =>
    Object.fromEntries(Object.entries(py).map(([allocator, p]) => [allocator === 'tuned' ? 'vs_python_fair' : 'vs_python_default_allocator', 'seconds' in p ? p.seconds / seconds : null]));
  const result = {
    file,
    generated: !given,
    fileMB: mb,
    vectors: store.vectors,
    machine: machineRecord(),
    load_average_before: loadBefore,
    load_average_after: loadAverage(),
    parseOnly: { seconds: parse.seconds, cpuSeconds: parse.cpuSeconds, MBps: mb / parse.seconds, vectorsPerSec: parse.vectors / parse.seconds, peakRssMB: parse.peakRssMB, minorPageFaults: parse.minorPageFaults, ...ratios(parse.seconds) },
    parseAndStore: { seconds: store.seconds, cpuSeconds: store.cpuSeconds, MBps: mb / store.seconds, vectorsPerSec: store.vectors / store.seconds, peakRssMB: store.peakRssMB, minorPageFaults: store.minorPageFaults, ...ratios(store.seconds) },
    python: {
      fair: { environment: referenceEnv(1, 'tuned'), ...py.tuned },
      default_allocator: { environment: referenceEnv(1, 'default'), ...py.default },
    },
    // > 1 means our parse + store finished faster than the fair reference's parse alone.
    speedupVsPython: 'seconds' in py.tuned ? py.tuned.seconds / store.seconds : null,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
