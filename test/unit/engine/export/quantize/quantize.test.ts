import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertToOnnx } from '../../../../../src/main/engine/export/onnx/convert.ts';
import { encodeModel } from '../../../../../src/main/engine/export/onnx/encode.ts';
import { loadOnnx } from '../../../../../src/main/engine/export/onnx-runtime.ts';
import { activationParams, quantizeWeightsPerChannel } from '../../../../../src/main/engine/export/quantize/int8.ts';
import { quantizeModel } from '../../../../../src/main/engine/export/quantize/quantize-model.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import { accuracyFigures } from '../../../../../src/main/engine/export/report.ts';
import { DataType } from '../../../../../src/main/engine/export/onnx/onnx-schema.ts';
import { checkManyWithOnnx, checkWithOnnx, toneSet, trainBriefly } from '../export-helpers.ts';
import { CLASSES, L, predictTf, randomInput, randomizeWeights, testModels, useWasm, vtcnn2 } from '../test-models.ts';

beforeAll(useWasm);

describe('int8 arithmetic', () => {
  it('quantises each output channel symmetrically with its own scale', () => {
    // two channels along axis 0 with very different ranges
    const w = Float32Array.of(0.5, -1, 0.25, 100, -50, 20);
    const q = quantizeWeightsPerChannel(w, [2, 3], 0);
    expect(q.scales[0]).toBeCloseTo(1 / 127, 7);
    expect(q.scales[1]).toBeCloseTo(100 / 127, 5);
    expect(Array.from(q.values.slice(0, 3))).toEqual([64, -127, 32]);
    for (let i = 0; i < w.length; i++) expect(Math.abs(q.values[i]! * q.scales[Math.floor(i / 3)]! - w[i]!)).toBeLessThanOrEqual(q.scales[Math.floor(i / 3)]! / 2 + 1e-6);
  });

  it('keeps zero exact in activation ranges', () => {
    const p = activationParams(0.5, 6);
    expect(p.zeroPoint).toBe(0);
    expect(p.scale).toBeCloseTo(6 / 255, 8);
    const q = activationParams(-1, 3);
    expect(q.zeroPoint * q.scale).toBeCloseTo(1, 2);
  });
});

describe('static QDQ quantisation', () => {
  it('keeps a trained VT-CNN2 within 1 point of float accuracy, with int8 weights in a smaller file', async () => {
    const model = vtcnn2(4, L, [8, 4, 16], 11);
    const shape = [2, L, 1];
    const train = toneSet(384, L, 21);
    const test = toneSet(512, L, 22);
    await trainBriefly(model, train.x, train.y, train.count, shape, 4, 10);
    const floatModel = convertToOnnx(model, { metadata: { classes: CLASSES } });
    const calibration = { x: train.x.subarray(0, 128 * 2 * L), count: 128, sampleShape: shape };
    const int8Model = await quantizeModel(floatModel, { mode: 'static', calibration, method: { kind: 'percentile', percentile: 99.99 } });
    const floatBytes = encodeModel(floatModel);
    const int8Bytes = encodeModel(int8Model);

    const ops = int8Model.graph.nodes.map((n) => n.opType);
    expect(ops.filter((o) => o === 'QuantizeLinear').length).toBeGreaterThanOrEqual(4);
    const weightTypes = [...int8Model.graph.initializers.values()].filter((t) => t.dims.length >= 2).map((t) => t.dataType);
    expect(weightTypes.every((t) => t === DataType.INT8)).toBe(true);
    // on a model this small names and scales weigh a lot, so compare the weight payloads too
    expect(int8Bytes.length).toBeLessThan(floatBytes.length);
    const payload = (m: typeof floatModel) => [...m.graph.initializers.values()].filter((t) => t.dims.length >= 2).reduce((n, t) => n + t.data.byteLength, 0);
    expect(payload(int8Model)).toBe(payload(floatModel) / 4);
    checkWithOnnx(int8Bytes, 'vtcnn2-int8');

    const accuracyOf = async (bytes: Uint8Array) => {
      const runner = await loadOnnx(bytes);
      const scores = await runner.run(test.x, test.count, shape);
      await runner.release();
      return accuracyFigures(scores, test.y, test.snr, test.count).overall;
    };
    const floatAcc = await accuracyOf(floatBytes);
    const int8Acc = await accuracyOf(int8Bytes);
    expect(floatAcc).toBeGreaterThan(0.6); // it learnt something, so the comparison means something
    expect(Math.abs(floatAcc - int8Acc)).toBeLessThanOrEqual(0.01);
  });

  const quantised: Record<string, () => tfl.LayersModel> = {
    resnet1d: testModels.resnet1d!,
    gru2: testModels.gru2!,
    mcldnn: testModels.mcldnn!,
    // the zoo's own AVGNet: graph layers exported as Conv, MatMul, Softmax and reductions
    avgnet: () => buildModel({ arch: 'avgnet', numClasses: CLASSES.length, length: L }, { seed: 3 }),
  };
  for (const [name, build] of Object.entries(quantised)) {
    it(`${name}: static and dynamic int8 files load and agree with float on most decisions`, async () => {
      const model = build();
      randomizeWeights(model, 4);
      const { x, shape } = randomInput(model, 96, 9);
      const floatModel = convertToOnnx(model, { metadata: { classes: CLASSES } });
      const reference = predictTf(model, x, 96, shape);
      const files: Array<{ name: string; bytes: Uint8Array }> = [];
      for (const mode of ['static', 'dynamic'] as const) {
        const q = await quantizeModel(floatModel, { mode, calibration: { x, count: 96, sampleShape: shape } });
        expect(JSON.parse(q.metadata.quantization!).mode).toBe(mode);
        const bytes = encodeModel(q);
        files.push({ name: `${name}-${mode}`, bytes });
        const runner = await loadOnnx(bytes);
        const out = await runner.run(x, 96, shape);
        await runner.release();
        const argmax = (v: Float32Array, s: number) => [0, 1, 2, 3].reduce((b, c) => (v[s * 4 + c]! > v[s * 4 + b]! ? c : b), 0);
        let agree = 0;
        let maxDiff = 0;
        for (let s = 0; s < 96; s++) if (argmax(out, s) === argmax(reference, s)) agree++;
        for (let i = 0; i < out.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out[i]! - reference[i]!));
        expect(agree / 96).toBeGreaterThan(0.9);
        expect(maxDiff).toBeGreaterThan(0); // really quantised, not a float copy
      }
      for (const [file, check] of checkManyWithOnnx(files)) expect('error' in check ? check.error : null, file).toBeNull();
    });
  }
});
