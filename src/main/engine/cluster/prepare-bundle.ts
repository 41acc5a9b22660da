// The first step of sending work anywhere: plan the bundle's tasks and write the bundle into a
// folder of its own, named for its kind and id.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BundlePlan } from '../bundle/bundle-kind.ts';
import { bundleKind } from '../bundle/kinds/index.ts';
import type { ReadManifest } from '../bundle/manifest.ts';
import { writeBundle } from '../bundle/write-bundle.ts';
import type { ProjectStore } from '../store/project.ts';

export interface WorkRequest {
  /** bundle kind: prune-study, train, ... */
  kind: string;
  /** the job config, as the local job of that kind takes it */
  config: Record<string, unknown>;
  /** one task per seed, for kinds that sweep seeds */
  seeds?: number[];
}

export interface PreparedBundle {
  plan: BundlePlan;
  bundleId: string;
  /** the bundle folder's name, also a valid Slurm and Kubernetes job name once prefixed */
  name: string;
  /** where it was written here */
  localDir: string;
  written: ReadManifest;
}

export async function prepareBundle(store: ProjectStore, work: WorkRequest, o: { threads: number; localParent: string; backend?: string }): Promise<PreparedBundle> {
  const plan = bundleKind(work.kind).plan(store, work.config, { threads: o.threads, ...(work.seeds ? { seeds: work.seeds } : {}) });
  const bundleId = randomUUID();
  const name = `${work.kind}-${bundleId.slice(0, 8)}`;
  const localDir = join(o.localParent, name);
  try {
    const written = await writeBundle(store, localDir, work.kind, plan, { bundleId, ...(o.backend ? { backend: o.backend } : {}) });
    return { plan, bundleId, name, localDir, written };
  } catch (err) {
    rmSync(localDir, { recursive: true, force: true });
    throw err;
  }
}
