import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { runDeepTransferClustering, type DtcConfig, type TargetSet } from '../../../../../src/main/engine/ml/cluster/dtc.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { toneSource } from '../prune/helpers.ts';

beforeAll(async () => {
  await initBackend();
});

const length = 32;
const classes = ['f1', 'f2', 'f3'];

function toneTarget(n: number, seed: number): TargetSet {
  const [b] = [...toneSource(n, length, 3, seed).batches(n, null)];
  return { x: b!.x, length, labels: b!.y, snr: Float32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0 : 10)), classes };
}

const config: DtcConfig = {
  k: 3,
  encoder: { arch: 'cnn1d', options: { depth: 1, width: 8 } },
  transfer: 'source',
  pretrain: { epochs: 3, batchSize: 16, learningRate: 3e-3 },
  dec: { batchSize: 20, maxIterations: 12 },
  restarts: 3,
  baselines: true,
  map: { maxPoints: 30, umap: false },
  seed: 5,
};

describe('runDeepTransferClustering', () => {
  it('runs the three k-means baselines and the deep clustering, scores each overall and per SNR, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const source = { train: toneSource(96, length, 3, 1), classes };
    const r = await runDeepTransferClustering(source, toneTarget(60, 2), config);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.methods.map((m) => m.method)).toEqual(['kmeans-iq', 'kmeans-spectral', 'kmeans-embedding', 'dtc']);
    for (const m of r.methods) {
      expect(m.assignments).toHaveLength(60);
      expect(m.report!.count).toBe(60);
      expect(m.report!.perSnr.map((s) => s.snr)).toEqual([0, 10]);
    }
    expect(r.pretrain!.epochs).toHaveLength(3);
    // three tones: the spectrum alone separates them
    expect(r.methods[1]!.report!.acc).toBeGreaterThan(0.9);
    expect(r.map!.indices).toHaveLength(30);
    expect(r.q).toHaveLength(60 * 3);
    expect(r.k).toBe(3);
  });

  it('estimates K on the embedding when asked, leaves out scores without labels, and runs without transfer', async () => {
    const target = { ...toneTarget(45, 3), labels: new Int32Array(45).fill(-1), classes: [] };
    const r = await runDeepTransferClustering(null, target, { ...config, transfer: 'none', baselines: false, estimateK: { min: 2, max: 4 }, map: { maxPoints: 0, umap: false } });
    expect(r.kEstimate!.scores.map((s) => s.k)).toEqual([2, 3, 4]);
    expect(r.k).toBe(r.kEstimate!.k);
    expect(r.pretrain).toBeNull();
    expect(r.map).toBeNull();
    expect(r.methods.map((m) => [m.method, m.report])).toEqual([
      ['kmeans-embedding', null],
      ['dtc', null],
    ]);
  });

  it('refuses transfer without a source, and a target too small for K, naming the numbers', async () => {
    await expect(runDeepTransferClustering(null, toneTarget(20, 4), config)).rejects.toThrow(/needs a labelled source/);
    await expect(runDeepTransferClustering(null, toneTarget(3, 4), { ...config, transfer: 'none' })).rejects.toThrow(/3 samples, too few for K = 3/);
  });
});
