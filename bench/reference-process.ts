// How the benches run a reference (PyTorch, Python's unpickler) at its best, and what they record
// with its figures. The child gets an explicit environment, never ours: glibc told to keep freed
// memory (with the default allocator every block over 32 MB goes back to the kernel and re-faults
// page by page on the next use; on this virtual machine that made PyTorch's VT-CNN2 step 5.7x
// slower), and OpenBLAS / OpenMP pinned to the thread count (torch.set_num_threads does not limit
// a pthreads OpenBLAS). The same settings as ../shared/reference/tuned.py, which these variables
// tell not to re-execute its script.
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { sharedPath } from '../test/helpers/shared-folder.ts';

/** ../shared/reference, resolved from the repository root. */
export const REFERENCE_DIR = sharedPath('reference');
export const PYTHON = '/usr/bin/python3';
export const KEEP_MEMORY_TUNABLES = 'glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=4294967295';

/** 'tuned': glibc keeps its memory (the reference at its best); 'default': glibc as installed. */
export type Allocator = 'tuned' | 'default';

/** The whole environment a reference child runs with. */
export function referenceEnv(threads: number, allocator: Allocator): Record<string, string> {
  const t = String(threads);
  const env: Record<string, string> = {
    PATH: '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    OPENBLAS_NUM_THREADS: t,
    OMP_NUM_THREADS: t,
    MKL_NUM_THREADS: t,
  };
  if (allocator === 'tuned') return { ...env, GLIBC_TUNABLES: KEEP_MEMORY_TUNABLES, AMR_REF_TUNED: '1' };
  return { ...env, AMR_REF_DEFAULT_ALLOC: '1' };
}

/** Resource use of one finished child, from wait4. */
export interface ChildUsage {
  minor_page_faults: number;
  major_page_faults: number;
  peak_rss_mb: number;
  cpu_s: number;
}

export type MeasuredRun = { ok: true; stdout: string; usage: ChildUsage } | { ok: false; why: string };

const USAGE_MARK = 'AMR_CHILD_USAGE ';
// A launcher that runs its arguments as a child and reports the child's own rusage (wait4), so
// the faults counted are the reference's and not this launcher's.
const LAUNCHER = [
  'import json, os, subprocess, sys',
  'p = subprocess.Popen(sys.argv[1:])',
  '_, status, ru = os.wait4(p.pid, 0)',
  `sys.stderr.write('\\n${USAGE_MARK}' + json.dumps({'minor_page_faults': ru.ru_minflt, 'major_page_faults': ru.ru_majflt, 'peak_rss_mb': ru.ru_maxrss / 1024, 'cpu_s': ru.ru_utime + ru.ru_stime}) + '\\n')`,
  'sys.exit(os.waitstatus_to_exitcode(status))',
].join('\n');

/** Runs `python3 args…` with exactly `env` and returns its stdout with its resource use. */
export function runReference(args: string[], env: Record<string, string>): MeasuredRun {
  const r = spawnSync(PYTHON, ['-c', LAUNCHER, PYTHON, ...args], { encoding: 'utf8', env, maxBuffer: 16 << 20 });
  if (r.error) return { ok: false, why: `${PYTHON} cannot run: ${r.error.message}` };
  const lines = r.stderr.split('\n');
  const mark = lines.findLastIndex((l) => l.startsWith(USAGE_MARK));
  if (r.status !== 0 || mark < 0) {
    const last = lines.filter((l, i) => i !== mark && l.trim() !== '').at(-1) ?? `exit status ${r.status}`;
    return { ok: false, why: `the reference run failed: ${last}` };
  }
  const usage = JSON.parse(lines[mark]!.slice(USAGE_MARK.length)) as ChildUsage;
  usage.peak_rss_mb = Math.round(usage.peak_rss_mb * 10) / 10;
  usage.cpu_s = Math.round(usage.cpu_s * 100) / 100;
  return { ok: true, stdout: r.stdout, usage };
}

export const loadAverage = (): number[] => loadavg().map((v) => Math.round(v * 100) / 100);

/** The machine and runtime a figure was measured on. */
export function machineRecord(): Record<string, unknown> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    node_flags: process.execArgv.filter((a) => a.startsWith('--') && !a.startsWith('--import')),
  };
}

/** Minor page faults of this process so far. */
export const ownMinorFaults = (): number => process.resourceUsage().minorPageFault;
