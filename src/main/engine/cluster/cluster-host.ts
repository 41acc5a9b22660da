// Where the scheduler's commands run: on this machine, or on a login node over ssh. Bundles go
// up and results come back with scp; every command and path is passed as separate words.
import { execFile } from 'node:child_process';
import { AppError } from '../../../shared/errors.ts';
import type { ClusterJobRecord } from '../store/cluster-jobs.ts';
import { shellJoin } from './shell-words.ts';

export interface ClusterHost {
  /** ssh destination (user@login-node); absent: the commands run here */
  ssh?: string;
  /** an ssh client configuration file (ssh -F), for keys, ports and jump hosts */
  sshConfig?: string;
}

/** The host a recorded cluster job was submitted through. */
export function hostOf(job: ClusterJobRecord): ClusterHost {
  const sshConfig = job.options['sshConfig'];
  return { ...(job.host ? { ssh: job.host } : {}), ...(typeof sshConfig === 'string' ? { sshConfig } : {}) };
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

const commandTimeoutMs = 120_000;

function sshOptions(host: ClusterHost): string[] {
  // BatchMode: fail at once instead of waiting for a password nobody will type.
  return [...(host.sshConfig ? ['-F', host.sshConfig] : []), '-o', 'BatchMode=yes'];
}

function spawnCollect(file: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: commandTimeoutMs, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
        const code = (err as NodeJS.ErrnoException).code;
        reject(new AppError('CLUSTER', code === 'ENOENT' ? `${file}: not found on this machine; is it installed and on PATH?` : `${file}: ${err.message}`));
        return;
      }
      if (err && (err as { killed?: boolean }).killed) {
        reject(new AppError('CLUSTER', `${file} ${args.join(' ')}: no answer within ${commandTimeoutMs / 1000} s`));
        return;
      }
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

export function describeHost(host: ClusterHost): string {
  return host.ssh ?? 'this machine';
}

/** Runs a command on the host; the exit code is returned, not thrown. */
export function runOnHost(host: ClusterHost, argv: readonly string[]): Promise<CommandResult> {
  if (!host.ssh) return spawnCollect(argv[0]!, argv.slice(1));
  return spawnCollect('ssh', [...sshOptions(host), host.ssh, '--', shellJoin(argv)]);
}

/** Runs a command on the host and returns its output; a non-zero exit is an error naming the command. */
export async function checkedRun(host: ClusterHost, argv: readonly string[]): Promise<string> {
  const r = await runOnHost(host, argv);
  if (r.code !== 0) {
    const said = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ');
    throw new AppError('CLUSTER', `${argv[0]} on ${describeHost(host)} failed (exit ${r.code})${said ? `: ${said}` : ''}`);
  }
  return r.stdout;
}

/** Copies a local folder to `remoteDir` (which must not exist yet) on an ssh host. */
export async function uploadFolder(host: ClusterHost & { ssh: string }, localDir: string, remoteDir: string): Promise<void> {
  const r = await spawnCollect('scp', [...sshOptions(host), '-q', '-r', localDir, `${host.ssh}:${remoteDir}`]);
  if (r.code !== 0) throw new AppError('CLUSTER', `scp to ${host.ssh}:${remoteDir} failed (exit ${r.code}): ${r.stderr.trim()}`);
}

/** Copies the named folders of `remoteDir` on an ssh host into `localDir`, replacing files of the same names. */
export async function downloadFolders(host: ClusterHost & { ssh: string }, remoteDir: string, names: readonly string[], localDir: string): Promise<void> {
  const sources = names.map((n) => `${host.ssh}:${remoteDir}/${n}`);
  const r = await spawnCollect('scp', [...sshOptions(host), '-q', '-r', ...sources, localDir]);
  if (r.code !== 0) throw new AppError('CLUSTER', `scp from ${host.ssh}:${remoteDir} failed (exit ${r.code}): ${r.stderr.trim()}`);
}
