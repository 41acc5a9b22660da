// `cluster` and `label-clusters` from the command line (the job in a worker process, as from a
// shell), then the Clustering page's channels on the stored run: views, cards, names, merge and
// split, and the labelled dataset.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as cluster } from '../../../../src/main/cli/commands/cluster.ts';
import { commandLoaders } from '../../../../src/main/cli/commands/index.ts';
import { command as labelClusters, parseClusterNames } from '../../../../src/main/cli/commands/label-clusters.ts';
import { dispatch } from '../../../../src/main/engine/api/dispatch.ts';
import { handlers } from '../../../../src/main/engine/api/handlers/index.ts';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import { createEngine } from '../../../../src/main/engine/engine.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-cli-cluster-'));
const project = join(dir, 'p.amrproj');
const log = (): void => undefined;
const classes = ['BPSK', 'QPSK', 'AM-DSB'];

beforeAll(async () => {
  const store = openProject(project, { create: true });
  const common = { preset: 'rml2016' as const, classes, snrs: [-10, 10], length: 32, normalisation: 'unit-power' as const };
  await writeGeneratedDataset(store, { ...common, perKey: 16, seed: 1 }, { name: 'source' });
  await writeGeneratedDataset(store, { ...common, perKey: 8, seed: 2 }, { name: 'target' });
  store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cluster and label-clusters commands', () => {
  it('are registered and refuse bad arguments before opening the project', async () => {
    expect((await commandLoaders['cluster']!()).command).toBe(cluster);
    expect((await commandLoaders['label-clusters']!()).command).toBe(labelClusters);
    const missing = join(dir, 'nowhere.amrproj');
    await expect(cluster.run({ positionals: [missing], flags: {} }, log)).rejects.toThrow(/--target is required/);
    await expect(cluster.run({ positionals: [missing], flags: { target: 'target' } }, log)).rejects.toThrow(/--k or --k-range is required/);
    await expect(cluster.run({ positionals: [missing], flags: { target: 'target', k: '3', transfer: 'source' } }, log)).rejects.toThrow(/--source is required/);
    await expect(cluster.run({ positionals: [missing], flags: { target: 'target', 'k-range': '2-5' } }, log)).rejects.toThrow(/--k-range must look like 2:15/);
    await expect(cluster.run({ positionals: [missing], flags: { target: 'target', k: '3', epochs: 'few' } }, log)).rejects.toThrow(/--epochs must be a number/);
    expect(parseClusterNames('0=BPSK, 2 = QPSK')).toEqual({ 0: 'BPSK', 2: 'QPSK' });
    expect(() => parseClusterNames('0=BPSK,0=QPSK')).toThrow(/cluster 0 is named twice/);
    expect(() => parseClusterNames('BPSK')).toThrow(/'BPSK' is not CLUSTER=NAME/);
  });

  it('clusters in a job, then names two clusters and writes them as a labelled dataset', async () => {
    const result = await cluster.run({ positionals: [project], flags: { target: 'target', source: 'source', k: '3', epochs: '2', 'snr-min': '0', seed: '4', json: true } }, log);
    const json = result.json as { runId: number; k: number; methods: { method: string; scores: { acc: number } | null }[] };
    expect(json.k).toBe(3);
    expect(json.methods.map((m) => m.method)).toEqual(['kmeans-iq', 'kmeans-spectral', 'kmeans-embedding', 'dtc']);
    expect(json.methods.every((m) => m.scores !== null && m.scores.acc >= 1 / 3)).toBe(true);
    expect(result.text).toMatch(/Deep transfer clustering\s+ACC \d+\.\d %/);

    const engine = createEngine({ projectPath: project, log });
    try {
      const call = async (channel: string, arg: unknown): Promise<any> => {
        const r = await dispatch(handlers, engine, channel, arg);
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      };
      const view = await call('getClusterRun', { runId: json.runId });
      // the SNR filter kept only the 10 dB half of the target: 3 classes × 8
      expect(view.clusters.reduce((n: number, c: { size: number }) => n + c.size, 0)).toBe(24);
      expect(view.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(24);
      expect(view.current.acc).toBeCloseTo(json.methods[3]!.scores!.acc, 12);
      expect(view.map.x).toHaveLength(24);
      const cards = await call('getClusterCards', { runId: json.runId, bins: 16, maxSamples: 5 });
      expect(cards.map((c: { size: number }) => c.size)).toEqual(view.clusters.map((c: { size: number }) => c.size));
      expect(cards.every((c: { density: { samples: number; counts: number[] } }) => c.density.samples <= 5 && c.density.counts.length === 256)).toBe(true);
      expect(cards.every((c: { spectrum: { powerDb: number[] } }) => c.spectrum.powerDb.length === 32 && Math.max(...c.spectrum.powerDb) === 0)).toBe(true);

      const biggest = view.clusters.reduce((a: { size: number }, b: { size: number }) => (b.size > a.size ? b : a));
      const split = await call('splitCluster', { runId: json.runId, cluster: biggest.id, seed: 1 });
      expect(split.k).toBe(4);
      expect(split.clusters[biggest.id].size + split.clusters[3].size).toBe(biggest.size);
      const merged = await call('mergeClusters', { runId: json.runId, from: 3, into: biggest.id });
      expect(merged.clusters[biggest.id].size).toBe(biggest.size);
      expect(merged.edits.map((e: { op: string }) => e.op)).toEqual(['split', 'merge']);
      const bad = await dispatch(handlers, engine, 'nameClusters', { runId: json.runId, names: { x: 'BPSK' } });
      expect(bad.ok).toBe(false);
    } finally {
      await engine.dispose();
    }

    const labelled = await labelClusters.run({ positionals: [project], flags: { run: String(json.runId), names: '0=alpha,1=beta', name: 'named', json: true } }, log);
    const out = labelled.json as { datasetId: number; count: number; classes: string[] };
    expect(out.classes).toEqual(['alpha', 'beta']);
    using store = openProject(project);
    const membership = store.clusterMembership(json.runId);
    expect(out.count).toBe(Array.from(membership.clusters).filter((c) => c < 2).length);
    expect(store.getDataset(out.datasetId)).toMatchObject({ kind: 'labelled', name: 'named' });
  }, 120_000);
});
