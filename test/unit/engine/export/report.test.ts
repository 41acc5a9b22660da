import { beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx } from '../../../../src/main/engine/export/onnx/convert.ts';
import { buildDeploymentReport } from '../../../../src/main/engine/export/report.ts';
import { modelStats } from '../../../../src/main/engine/export/model-stats.ts';
import { toModelInput } from '../../../../src/main/engine/export/model-input.ts';
import { toneSet } from './export-helpers.ts';
import { CLASSES, L, lstm2, predictTf, randomizeWeights, useWasm, vtcnn2 } from './test-models.ts';

beforeAll(useWasm);

describe('deployment report', () => {
  it('measures accuracy, parity and latency from the exported file itself', async () => {
    const model = lstm2();
    randomizeWeights(model, 5);
    const set = toneSet(200, L, 31);
    const sampleShape = [L, 2];
    const x = toModelInput(set.x, set.count, L, sampleShape);
    const test = { x, y: set.y, snr: set.snr, count: set.count, sampleShape };
    const floatOnnx = exportOnnx(model, { metadata: { classes: CLASSES } });

    const report = await buildDeploymentReport({ modelName: 'lstm2', model, floatOnnx, test, latencyRuns: 10 });
    const tfScores = predictTf(model, x, set.count, sampleShape);
    let hits = 0;
    for (let s = 0; s < set.count; s++) {
      const row = Array.from(tfScores.subarray(s * 4, s * 4 + 4));
      if (row.indexOf(Math.max(...row)) === set.y[s]) hits++;
    }
    expect(report.float.accuracy.overall).toBeCloseTo(hits / set.count, 6);
    expect(report.float.accuracy.perSnr.map((b) => b.snr)).toEqual([0, 5, 10]);
    expect(report.float.accuracy.perSnr.reduce((n, b) => n + b.count, 0)).toBe(set.count);
    expect(report.float.parity.samples).toBe(200);
    expect(report.float.parity.maxAbsDiff).toBeLessThan(1e-4);
    expect(report.float.fileBytes).toBe(floatOnnx.byteLength);
    // trainable and total: the counts training and pruning quote for the same model
    expect(report.params).toBe(model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * b!, 1), 0));
    expect(report.totalParams).toBe(model.countParams());
    expect(report.float.latency.batch1.p95Ms).toBeGreaterThanOrEqual(report.float.latency.batch1.p50Ms);
    expect(report.float.latency.batch64.p50Ms).toBeGreaterThan(0);
    expect(report.float.latency.batch64.cpuP50Ms).toBeGreaterThan(0);
    expect(report.float.latency.batch64.cpuP95Ms).toBeGreaterThanOrEqual(report.float.latency.batch64.cpuP50Ms);

    // A file that is not this model: the report shows it, because it runs the file.
    const other = lstm2();
    randomizeWeights(other, 99);
    const wrong = await buildDeploymentReport({ modelName: 'lstm2', model, floatOnnx: exportOnnx(other, { metadata: { classes: CLASSES } }), test, latencyRuns: 3 });
    expect(wrong.float.parity.maxAbsDiff).toBeGreaterThan(1e-3);
  });

  it('counts MACs from the layer shapes', () => {
    const model = vtcnn2(4, L, [8, 4, 16]);
    // conv1: 2×34 positions × 1·3·1·8; conv2 (on the re-padded 2×38): 1×36 × 2·3·8·4; dense: 144·16 + 16·4
    expect(modelStats(model).macs).toBe(2 * 34 * 24 + 36 * 192 + 144 * 16 + 16 * 4);
  });
});
