// A real single-node Slurm for the tests: munged, slurmctld and slurmd started in a temporary
// folder with a generated slurm.conf (this host, 2 CPUs, one default partition, free ports),
// as root without systemd, and stopped again. Every Slurm command the code under test runs
// finds this cluster through SLURM_CONF.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort } from './free-port.ts';
import { processAlive } from './process-alive.ts';

const daemons = ['munged', 'slurmctld', 'slurmd'];
const clients = ['sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo'];

export interface SlurmCluster {
  dir: string;
  conf: string;
  nodeName: string;
  /** environment for commands that must reach this cluster */
  env: NodeJS.ProcessEnv;
  stop(): void;
}

function onPath(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name} || test -x /usr/sbin/${name}`], { stdio: 'ignore' }).status === 0;
}

/** Why a real Slurm cannot be started here, or null when it can. */
export function slurmUnavailable(): string | null {
  const missing = [...daemons, ...clients].filter((b) => !onPath(b));
  if (missing.length) return `Slurm or munge is not installed (${missing.join(', ')} missing; Debian: apt-get install slurm-wlm munge)`;
  if (process.getuid?.() !== 0) return 'starting slurmctld and slurmd needs root';
  return null;
}

function pidOf(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function startSlurm(): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'amr-slurm-'));
  chmodSync(dir, 0o755);
  const nodeName = hostname().split('.')[0]!;
  const munge = join(dir, 'munge');
  mkdirSync(munge, { mode: 0o755 });
  for (const d of ['state', 'spool', 'log']) mkdirSync(join(dir, d));
  const mungeIds = execFileSync('id', ['-u', 'munge']).toString().trim();
  const mungeGid = execFileSync('id', ['-g', 'munge']).toString().trim();
  const key = join(munge, 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  chownSync(munge, Number(mungeIds), Number(mungeGid));
  chownSync(key, Number(mungeIds), Number(mungeGid));
  const socket = join(munge, 'munge.sock');
  const mungePid = join(munge, 'munged.pid');
  execFileSync('runuser', ['-u', 'munge', '--', 'munged', `--key-file=${key}`, `--socket=${socket}`, `--pid-file=${mungePid}`, `--log-file=${join(munge, 'munged.log')}`, `--seed-file=${join(munge, 'seed')}`]);

  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=amrtest',
      `SlurmctldHost=${nodeName}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      `AuthInfo=socket=${socket}`,
      'CredType=cred/munge',
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'MpiDefault=none',
      'ReturnToService=2',
      // keep finished tasks' states long enough for collect to read them from scontrol
      'MinJobAge=600',
      // scancel's SIGTERM gives a task this long to write its cancelled result before SIGKILL
      'KillWait=10',
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
      `NodeName=${nodeName} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN`,
      `PartitionName=debug Nodes=${nodeName} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const stop = (): void => {
    spawnSync('scontrol', ['shutdown'], { env, stdio: 'ignore', timeout: 10_000 });
    const pids = [join(dir, 'slurmctld.pid'), join(dir, 'slurmd.pid'), mungePid].map(pidOf).filter((p): p is number => p !== null);
    const deadline = Date.now() + 10_000;
    while (pids.some(processAlive) && Date.now() < deadline) spawnSync('sleep', ['0.2']);
    for (const pid of pids.filter(processAlive)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync('slurmctld', ['-i'], { env });
    execFileSync('slurmd', ['-N', nodeName], { env });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const state = spawnSync('sinfo', ['-h', '-n', nodeName, '-o', '%T'], { env, encoding: 'utf8' }).stdout.trim();
      if (state === 'idle') break;
      if (Date.now() > deadline) throw new Error(`the test Slurm node did not come up (state '${state}'); see ${join(dir, 'log')}`);
      await sleep(200);
    }
  } catch (err) {
    stop();
    throw err;
  }
  return { dir, conf, nodeName, env, stop };
}
