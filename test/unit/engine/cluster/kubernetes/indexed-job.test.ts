// `cluster render --kubernetes`: a bundle and its Indexed Job manifest, valid against the
// batch/v1 Job schema (kubernetes-models' validator, generated from the Kubernetes OpenAPI
// definitions), one completion index per bundle task, each pod running run-bundle on the
// bundle's folder on the shared volume.
import { readFileSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as render } from '../../../../../src/main/cli/commands/cluster-render.ts';
import { readManifest } from '../../../../../src/main/engine/bundle/manifest.ts';
import { indexedJobManifest } from '../../../../../src/main/engine/cluster/kubernetes/indexed-job.ts';
import { writeGeneratedDataset } from '../../../../../src/main/engine/dsp/synth/write.ts';
import { openProject } from '../../../../../src/main/engine/store/project.ts';

let dir: string;
let projectPath: string;
const log = (): void => undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amr-k8s-'));
  projectPath = join(dir, 'lab.amrproj');
  const store = openProject(projectPath, { create: true });
  try {
    await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK'], snrs: [10], perKey: 8, length: 16, seed: 1 }, { name: 'tiny' });
  } finally {
    store.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Manifest = {
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    completionMode: string; completions: number; parallelism: number; backoffLimitPerIndex: number;
    template: { spec: { restartPolicy: string; containers: { image: string; command: string[]; resources: { requests: Record<string, string>; limits?: Record<string, unknown> } }[]; volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[] } };
  };
};

describe('cluster render --kubernetes', () => {
  it('writes a bundle and an Indexed Job manifest valid against the Job schema', async () => {
    const out = await render.run(
      {
        positionals: [projectPath],
        flags: { train: true, dataset: 'tiny', model: 'cnn1d', epochs: '1', seeds: '1,2,3', kubernetes: true, image: 'registry.lab/amr-studio:0.1', claim: 'amr-bundles', parallelism: '2', cpus: '2', mem: '4Gi', gpus: '1', out: join(dir, 'out') },
      },
      log,
    );
    const { bundleDir, bundleId, file } = out.json as { bundleDir: string; bundleId: string; file: string };
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    expect(() => new Job(manifest as never).validate()).not.toThrow();

    const { manifest: bundle } = readManifest(bundleDir);
    expect(bundle.bundleId).toBe(bundleId);
    expect(bundle.tasks.map((t) => t.seed)).toEqual([1, 2, 3]);
    expect(manifest.metadata.labels['amr-studio/bundle']).toBe(bundleId);
    expect(manifest.spec).toMatchObject({ completionMode: 'Indexed', completions: 3, parallelism: 2, backoffLimitPerIndex: 0 });
    const pod = manifest.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    const name = bundleDir.split('/').pop();
    // the task index comes from JOB_COMPLETION_INDEX, which the Job controller sets in each pod
    expect(pod.containers[0]!.command).toEqual(['amr-studio', 'run-bundle', `/bundles/${name}`]);
    expect(pod.containers[0]!.resources).toEqual({ requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '4Gi', 'nvidia.com/gpu': 1 } });
    expect(pod.volumes.find((v) => v.name === 'bundles')?.persistentVolumeClaim).toEqual({ claimName: 'amr-bundles' });
    // each training task was pinned to the pod's CPUs
    expect(bundle.tasks.every((t) => (t.config['train'] as { threads: number }).threads === 2)).toBe(true);
  });

  it('is checked by a validator that does refuse a malformed Job', () => {
    const good = indexedJobManifest({ name: 'amr-train-1', bundleId: 'b', taskCount: 2, image: 'i', amrStudio: ['amr-studio'], claimName: 'c', mountPath: '/bundles', bundleDir: '/bundles/x', cpu: 1 }) as Manifest;
    expect(() => new Job(good as never).validate()).not.toThrow();
    const broken = (change: (m: Manifest) => void): Manifest => {
      const m = structuredClone(good);
      change(m);
      return m;
    };
    expect(() => new Job(broken((m) => void ((m.spec as { completions: unknown }).completions = '2')) as never).validate()).toThrow(/completions must be integer/);
    expect(() => new Job(broken((m) => void (m.spec.completionMode = 'Sometimes')) as never).validate()).toThrow(/completionMode must be equal to one of the allowed values/);
    expect(() => new Job(broken((m) => void ((m.spec.template.spec as { containers?: unknown }).containers = undefined)) as never).validate()).toThrow(/must have required property containers/);
  });

  it('refuses names and quantities Kubernetes would refuse', () => {
    const input = { name: 'amr-train-1', bundleId: 'b', taskCount: 2, image: 'i', amrStudio: ['amr-studio'], claimName: 'c', mountPath: '/bundles', bundleDir: '/bundles/x', cpu: 1 };
    expect(() => indexedJobManifest({ ...input, name: 'Amr_Train' })).toThrow(/lower-case letters, digits and '-'/);
    expect(() => indexedJobManifest({ ...input, memory: '4 GB' })).toThrow(/not a Kubernetes quantity/);
  });
});
