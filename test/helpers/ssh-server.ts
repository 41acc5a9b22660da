// A real OpenSSH server on 127.0.0.1 for the tests: its own host key, one client key allowed
// for root, a free port, started in a temporary folder and stopped again. The client side is an
// ssh configuration file naming the host 'amr-test', as a user's ~/.ssh/config would.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

const sshd = '/usr/sbin/sshd';

export interface SshServer {
  /** the ssh destination to give --ssh */
  host: string;
  /** the client configuration to give --ssh-config */
  config: string;
  stop(): void;
}

/** Why a test sshd cannot be started here, or null when it can. */
export function sshUnavailable(): string | null {
  const missing = ['ssh', 'scp', 'ssh-keygen'].filter((b) => spawnSync('sh', ['-c', `command -v ${b}`], { stdio: 'ignore' }).status !== 0);
  if (!existsSync(sshd)) missing.push(sshd);
  if (missing.length) return `OpenSSH is not installed (${missing.join(', ')} missing; Debian: apt-get install openssh-client openssh-server)`;
  if (process.getuid?.() !== 0) return 'a test sshd that logs in as root needs root';
  return null;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** `env`: variables the client sends and the server accepts (e.g. SLURM_CONF for a test Slurm). */
export async function startSshServer(env: Record<string, string> = {}): Promise<SshServer> {
  const dir = mkdtempSync(join(tmpdir(), 'amr-sshd-'));
  const port = await freePort();
  for (const key of ['host_key', 'client_key']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, key)]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  const names = Object.keys(env);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      // the keys live in a temporary folder, not in a home directory sshd would check
      'StrictModes no',
      ...(names.length ? [`AcceptEnv ${names.join(' ')}`] : []),
      // scp speaks SFTP since OpenSSH 9
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'ssh_config'),
    [
      'Host amr-test',
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      '  User root',
      `  IdentityFile ${join(dir, 'client_key')}`,
      '  IdentitiesOnly yes',
      '  StrictHostKeyChecking no',
      '  UserKnownHostsFile /dev/null',
      '  LogLevel ERROR',
      ...Object.entries(env).map(([k, v]) => `  SetEnv ${k}=${v}`),
      '',
    ].join('\n'),
  );
  // sshd refuses to start without its privilege separation folder
  mkdirSync('/run/sshd', { recursive: true });
  execFileSync(sshd, ['-f', join(dir, 'sshd_config'), '-E', join(dir, 'sshd.log')]);
  const stop = (): void => {
    const pidFile = join(dir, 'sshd.pid');
    if (existsSync(pidFile)) {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (Date.now() > deadline) {
      stop();
      throw new Error(`the test sshd did not listen on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { host: 'amr-test', config: join(dir, 'ssh_config'), stop };
}
