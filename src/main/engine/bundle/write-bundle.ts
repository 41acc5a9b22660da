// Writes a job bundle: the project's rows the tasks read, copied under their own ids into a
// small project file, and the manifest naming that file's SHA-256 and every task.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { appInfo } from '../base/app-info.ts';
import { hashFiles } from '../base/file-hash.ts';
import { latestSchemaVersion } from '../store/migrations/index.ts';
import { openProject, type ProjectStore } from '../store/project.ts';
import type { BundlePlan } from './bundle-kind.ts';
import { bundleFormat, bundleFormatVersion, dataFile, logsDir, manifestFile, resultsDir, sha256Hex, type BundleManifest, type ReadManifest } from './manifest.ts';

export interface WriteBundleOptions {
  /** compute backend every task must use */
  backend?: string;
  /** a UUID; a new one when absent */
  bundleId?: string;
}

export async function writeBundle(store: ProjectStore, dir: string, kind: string, plan: BundlePlan, options: WriteBundleOptions = {}): Promise<ReadManifest> {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new AppError('VALIDATION', `${dir}: already exists and is not empty; a bundle needs a folder of its own`);
  mkdirSync(join(dir, resultsDir), { recursive: true });
  mkdirSync(join(dir, logsDir), { recursive: true });
  const dataPath = join(dir, dataFile);
  const data = openProject(dataPath, { create: true });
  try {
    data.transferFrom(store.path, { keepIds: true, danglingReferences: 'drop' }, (t) => {
      t.copyDatasets(plan.inputs.datasets);
      t.copyModels(plan.inputs.models);
    });
  } finally {
    data.close();
  }
  const manifest: BundleManifest = {
    format: bundleFormat,
    version: bundleFormatVersion,
    bundleId: options.bundleId ?? randomUUID(),
    kind,
    createdAt: new Date().toISOString(),
    app: appInfo(),
    schemaVersion: latestSchemaVersion,
    ...(options.backend ? { backend: options.backend } : {}),
    data: { file: dataFile, sha256: await hashFiles([dataPath]) },
    inputs: plan.inputs,
    tasks: plan.tasks,
  };
  const text = JSON.stringify(manifest, null, 2) + '\n';
  writeFileSync(join(dir, manifestFile), text);
  return { manifest, sha256: sha256Hex(text) };
}
