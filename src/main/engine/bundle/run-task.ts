// Runs one task of a bundle on whatever machine the scheduler chose: the bundle's data is copied
// to a scratch folder of this machine and checked against the manifest's hash, the task's job runs
// there in this process, and what it produced is written to the task's own result file, then its
// receipt. No SQLite file on the shared file system is ever opened, and no two tasks write one file.
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { BackendName, JobProgress } from '../../../shared/dto.ts';
import { hashFiles } from '../base/file-hash.ts';
import { executeJob } from '../jobs/execute-job.ts';
import { initBackend } from '../ml/backend/index.ts';
import { latestSchemaVersion } from '../store/migrations/index.ts';
import { openProject } from '../store/project.ts';
import { dataFile, readManifest, type BundleManifest } from './manifest.ts';
import { receiptFormat, receiptFormatVersion, taskPaths, writeReceipt, type TaskReceipt } from './receipt.ts';

export interface RunTaskOptions {
  task: number;
  /** a folder on this machine's own disk for the working copy (default: the system's temporary folder) */
  scratch?: string;
  signal: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  log?: (line: string) => void;
}

/** What the task produced: everything in the working copy that the bundle did not bring. */
function writeResultFile(workingPath: string, resultPath: string, jobId: number, inputs: BundleManifest['inputs']): void {
  const result = openProject(resultPath, { create: true });
  try {
    result.transferFrom(workingPath, { keepIds: true, danglingReferences: 'keep' }, (t) => {
      t.copyJobs([jobId]);
      t.copyDatasets(t.sourceIds('datasets').filter((id) => !inputs.datasets.includes(id)));
      t.copyModels(t.sourceIds('models').filter((id) => !inputs.models.includes(id)));
      t.copyMetrics(t.sourceIds('metrics'));
    });
  } finally {
    result.close();
  }
}

export async function runBundleTask(bundleDir: string, o: RunTaskOptions): Promise<TaskReceipt> {
  const log = o.log ?? (() => {});
  const { manifest, sha256: manifestSha256 } = readManifest(bundleDir);
  const spec = manifest.tasks[o.task];
  if (!spec) throw new AppError('VALIDATION', `${bundleDir}: no task ${o.task}; this bundle has tasks 0..${manifest.tasks.length - 1}`);
  if (manifest.schemaVersion > latestSchemaVersion) {
    throw new AppError('UNSUPPORTED', `${bundleDir}: its data is in project schema version ${manifest.schemaVersion}, this AMR Studio reads up to ${latestSchemaVersion}`);
  }
  const paths = taskPaths(bundleDir, o.task);
  // a receipt left by an earlier run of this task must not vouch for the result about to be replaced
  rmSync(paths.receipt, { force: true });
  const startedAt = new Date().toISOString();
  const work = mkdtempSync(join(o.scratch ?? tmpdir(), `amr-task-${o.task}-`));
  try {
    const workingPath = join(work, 'work.amrproj');
    copyFileSync(join(bundleDir, dataFile), workingPath);
    const dataSha256 = await hashFiles([workingPath], o.signal);
    if (dataSha256 !== manifest.data.sha256) {
      throw new AppError('BAD_FILE', `${join(bundleDir, dataFile)}: SHA-256 ${dataSha256} differs from the manifest's ${manifest.data.sha256}; the bundle was changed or damaged after it was written`);
    }
    const backend = await initBackend(manifest.backend ? { force: manifest.backend as BackendName } : {});
    log(`bundle ${manifest.bundleId} task ${o.task} (${spec.kind}) on ${hostname()}, backend ${backend.chosen}`);
    const store = openProject(workingPath);
    let jobId: number;
    let outcome: Awaited<ReturnType<typeof executeJob>>;
    try {
      jobId = store.createJob({ kind: spec.kind, config: spec.config, seed: spec.seed }).id;
      store.updateJob(jobId, { appendLog: `${startedAt} bundle ${manifest.bundleId} task ${o.task} on ${hostname()}, backend ${backend.chosen}\n` });
      outcome = await executeJob(store, { jobId, kind: spec.kind, config: spec.config }, o.signal, (p) => o.onProgress?.(p));
    } finally {
      store.close();
    }
    const resultTemp = join(work, 'result.amrresult');
    writeResultFile(workingPath, resultTemp, jobId, manifest.inputs);
    const resultSha256 = await hashFiles([resultTemp]);
    copyFileSync(resultTemp, `${paths.result}.partial`);
    renameSync(`${paths.result}.partial`, paths.result);
    const receipt: TaskReceipt = {
      format: receiptFormat,
      version: receiptFormatVersion,
      bundleId: manifest.bundleId,
      manifestSha256,
      task: o.task,
      status: outcome.status,
      error: outcome.status === 'done' ? null : outcome.error,
      jobId,
      resultSha256,
      host: hostname(),
      backend: backend.chosen,
      startedAt,
      finishedAt: new Date().toISOString(),
    };
    writeReceipt(paths.receipt, receipt);
    log(`task ${o.task} ${receipt.status}: result ${paths.result} (sha256 ${resultSha256})`);
    return receipt;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
