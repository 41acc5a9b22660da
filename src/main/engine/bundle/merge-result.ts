// Merging one task's result into the project: the receipt must name the bundle this cluster job
// sent and the result file must have the hash the receipt gives; then everything the task
// produced is written, and the task marked merged, in one transaction. A task merged once is
// never merged again.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { hashFiles } from '../base/file-hash.ts';
import type { ProjectStore } from '../store/project.ts';
import { bundleKind } from './kinds/index.ts';
import { readReceipt, taskPaths, type TaskReceipt } from './receipt.ts';

export type MergeOutcome =
  | { kind: 'merged'; line: string }
  | { kind: 'already-merged' }
  /** the task ran and its job failed or was cancelled: its error and job log */
  | { kind: 'task-failed'; receipt: TaskReceipt; message: string; log: string }
  | { kind: 'no-result' };

/** Reads results from `localDir`/results: the bundle folder, or the local copy of a remote one. */
export async function mergeTaskResult(store: ProjectStore, clusterJobId: number, task: number, localDir: string): Promise<MergeOutcome> {
  const clusterJob = store.getClusterJob(clusterJobId);
  if (clusterJob.tasks[task]?.outcome === 'merged') return { kind: 'already-merged' };
  const paths = taskPaths(localDir, task);
  const receipt = readReceipt(paths.receipt);
  if (!receipt) return { kind: 'no-result' };
  if (receipt.bundleId !== clusterJob.bundleId || receipt.manifestSha256 !== clusterJob.manifestSha256 || receipt.task !== task) {
    throw new AppError(
      'BAD_FILE',
      `${paths.receipt}: the result of task ${receipt.task} of bundle ${receipt.bundleId} (manifest ${receipt.manifestSha256.slice(0, 12)}…), not of task ${task} of this job's bundle ${clusterJob.bundleId} (manifest ${clusterJob.manifestSha256.slice(0, 12)}…); not merged`,
    );
  }
  const temp = mkdtempSync(join(tmpdir(), 'amr-collect-'));
  try {
    // checked and read as a private copy: the file on the shared file system may change under us
    const copy = join(temp, 'result.amrresult');
    try {
      copyFileSync(paths.result, copy);
    } catch (err) {
      throw new AppError('BAD_FILE', `${paths.result}: the receipt names this result file but it cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); not merged`);
    }
    const sha256 = await hashFiles([copy]);
    if (sha256 !== receipt.resultSha256) {
      throw new AppError('BAD_FILE', `${paths.result}: SHA-256 ${sha256} differs from its receipt's ${receipt.resultSha256}; the result was changed or damaged after the task wrote it; not merged`);
    }
    if (receipt.status !== 'done') {
      const log = store.transferFrom(copy, { keepIds: false, danglingReferences: 'drop' }, (t) => t.sourceJob(receipt.jobId).log);
      return { kind: 'task-failed', receipt, message: receipt.error?.message ?? `the task's job ${receipt.status}`, log };
    }
    return store.transferFrom(copy, { keepIds: false, danglingReferences: 'drop' }, (transfer) => {
      const current = store.getClusterJob(clusterJobId);
      if (current.tasks[task]!.outcome === 'merged') return { kind: 'already-merged' as const };
      const line = bundleKind(current.kind).merge({ store, transfer, clusterJob: current, task, taskJobId: receipt.jobId });
      store.updateClusterTask(clusterJobId, task, { outcome: 'merged', resultSha256: sha256, mergedAt: new Date().toISOString(), message: line });
      return { kind: 'merged' as const, line };
    });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
