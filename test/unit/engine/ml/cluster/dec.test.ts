import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { clusterScores } from '../../../../../src/main/engine/ml/cluster/cluster-metrics.ts';
import { resolveDecConfig, runDec } from '../../../../../src/main/engine/ml/cluster/dec.ts';
import { embedAll, embeddingSize, encoderOf } from '../../../../../src/main/engine/ml/cluster/embed.ts';
import { kmeans } from '../../../../../src/main/engine/ml/cluster/kmeans.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { toneSource } from '../prune/helpers.ts';

beforeAll(async () => {
  await initBackend();
});

const length = 32;

/** The pruning tests' tone set (one of `classes` frequencies per sample), as arrays. */
function tones(n: number, classes: number, seed: number): { x: Float32Array; y: Int32Array } {
  const [batch] = [...toneSource(n, length, classes, seed).batches(n, null)];
  return { x: batch!.x, y: batch!.y };
}

const spec = { arch: 'cnn1d', numClasses: 3, length, options: { depth: 1, width: 8 } };

async function cluster(seed: number, config: Parameters<typeof resolveDecConfig>[0], centresFrom?: (c: Float64Array, d: number) => void) {
  const { x, y } = tones(60, 3, 1);
  const model = buildModel(spec, { seed: 4 });
  const encoder = encoderOf(model);
  const d = embeddingSize(encoder);
  const init = kmeans(embedAll(encoder, x, length), d, { k: 3, seed, restarts: 5 });
  centresFrom?.(init.centres, d);
  try {
    const r = await runDec(encoder, x, length, init.centres, resolveDecConfig(config, 60));
    return { r, y, init };
  } finally {
    model.dispose();
  }
}

describe('runDec', () => {
  it('stops by the tolerance rule once assignments settle, well before the maximum, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const { r, y } = await cluster(1, { seed: 1, batchSize: 20, updateInterval: 3, maxIterations: 300, learningRate: 1e-3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.stoppedBy).toBe('tolerance');
    expect(r.iterations).toBeLessThan(300);
    const last = r.updates.at(-1)!;
    expect(last.changed).toBeLessThan(0.001);
    // P was recomputed on the whole set at every T = 3 iterations
    expect(r.updates.map((u) => u.iteration)).toEqual(r.updates.map((_, i) => 3 * i));
    expect(r.updates.every((u) => u.sizes.reduce((a, b) => a + b, 0) === 60)).toBe(true);
    expect(r.assignments).toHaveLength(60);
    // three tones: chance is 1/3
    expect(clusterScores(r.assignments, y, 3, 3).acc).toBeGreaterThan(0.6);
    for (let i = 0; i < 60; i++) expect(r.q.subarray(i * 3, i * 3 + 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('runs to the maximum when the tolerance is 0, sharpening the soft assignments', async () => {
    const { r } = await cluster(2, { seed: 2, batchSize: 20, updateInterval: 3, maxIterations: 12, tolerance: 0, learningRate: 1e-3, pairwiseWeight: 0 });
    expect(r.stoppedBy).toBe('max-iterations');
    expect(r.iterations).toBe(12);
    expect(r.updates).toHaveLength(5);
    expect(r.updates.every((u) => u.thresholds === null)).toBe(true);
    expect(r.updates.at(-1)!.confidence).toBeGreaterThan(r.updates[0]!.confidence);
  });

  it('is reproducible from its seed', async () => {
    const config = { seed: 3, batchSize: 20, updateInterval: 3, maxIterations: 9, tolerance: 0 };
    const a = await cluster(3, config);
    const b = await cluster(3, config);
    expect(Array.from(b.r.centres)).toEqual(Array.from(a.r.centres));
    expect(b.r.updates.map((u) => u.loss)).toEqual(a.r.updates.map((u) => u.loss));
  });

  it('re-seeds a centre that starts with no members and reports it', async () => {
    const { r } = await cluster(4, { seed: 4, batchSize: 20, updateInterval: 3, maxIterations: 3, tolerance: 0 }, (c, d) => {
      for (let t = 0; t < d; t++) c[2 * d + t] = 1e6;
    });
    expect(r.updates[0]!.reseeded).toEqual([2]);
    expect(r.updates[0]!.sizes.every((s) => s > 0)).toBe(true);
  });

  it('cancels through its signal without leaking tensors', async () => {
    const { x } = tones(30, 3, 2);
    const model = buildModel(spec, { seed: 1 });
    const encoder = encoderOf(model);
    const before = tf.memory().numTensors;
    const init = kmeans(embedAll(encoder, x, length), embeddingSize(encoder), { k: 3, seed: 1, restarts: 2 });
    const controller = new AbortController();
    const run = runDec(encoder, x, length, init.centres, resolveDecConfig({ seed: 1, batchSize: 10, tolerance: 0, maxIterations: 1000 }, 30), {
      onUpdate: (u) => {
        if (u.iteration >= 6) controller.abort();
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
