// Whether a file can be created where an output is to go, found out before any work is done:
// an export that converts and calibrates for minutes must not fail at its last step on a
// folder it may not write. The probe creates and removes a file, which is the only sure test
// (permission bits say nothing of read-only mounts, ACLs or /proc).
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';

const reasons: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOENT: 'the folder does not accept new files',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

/** Throws NOT_WRITABLE naming `target` unless a new file can be made in its folder. */
export function checkWritableFolder(target: string): void {
  const out = path.resolve(target);
  const folder = path.dirname(out);
  let info;
  try {
    info = statSync(folder);
  } catch {
    throw new AppError('NOT_WRITABLE', `${out}: the folder ${folder} does not exist`);
  }
  if (!info.isDirectory()) throw new AppError('NOT_WRITABLE', `${out}: ${folder} is not a folder`);
  const probe = path.join(folder, `.${path.basename(out)}.${randomBytes(4).toString('hex')}.probe`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? '');
    throw new AppError('NOT_WRITABLE', `${out}: cannot write in ${folder} (${reasons[code] ?? (code || 'unknown error')})`);
  }
  unlinkSync(probe);
}
