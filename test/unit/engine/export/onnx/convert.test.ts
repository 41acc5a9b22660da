import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/errors.ts';
import { convertToOnnx, exportOnnx } from '../../../../../src/main/engine/export/onnx/convert.ts';
import { loadOnnx } from '../../../../../src/main/engine/export/onnx-runtime.ts';
import { checkManyWithOnnx, type OnnxCheck } from '../export-helpers.ts';
import { CLASSES, predictTf, randomInput, randomizeWeights, testModels, useWasm } from '../test-models.ts';

const PARITY_SAMPLES = 256;

const exported = new Map<string, { model: tfl.LayersModel; bytes: Uint8Array }>();
let checks = new Map<string, OnnxCheck | { error: string }>();

beforeAll(async () => {
  await useWasm();
  for (const [name, make] of Object.entries(testModels)) {
    const model = make();
    randomizeWeights(model, 11);
    exported.set(name, { model, bytes: exportOnnx(model, { metadata: { classes: CLASSES, modelName: name, snrRangeDb: [-4, 8], lineage: ['test'] } }) });
  }
  // one checker run for every file: Python's start-up would otherwise dominate the file
  checks = checkManyWithOnnx([...exported].map(([name, { bytes }]) => ({ name, bytes })));
});

describe('ONNX export of every zoo architecture', () => {
  for (const name of Object.keys(testModels)) {
    it(`${name}: passes the ONNX checker and onnxruntime reproduces TF.js within 1e-4`, async () => {
      const { model, bytes } = exported.get(name)!;
      const seen = checks.get(name)!;
      if ('error' in seen) throw new Error(seen.error);
      expect(seen.opset).toBe(17);
      expect(seen.inputDims[0]).toBe('N');
      expect(seen.inputDims.slice(1)).toEqual(model.inputs[0]!.shape.slice(1));
      expect(JSON.parse(seen.metadata.classes!)).toEqual(CLASSES);
      expect(JSON.parse(seen.metadata.snr_range_db!)).toEqual([-4, 8]);
      expect(seen.ops).not.toContain('Dropout');
      const { x, shape } = randomInput(model, PARITY_SAMPLES, 5);
      const expected = predictTf(model, x, PARITY_SAMPLES, shape);
      const runner = await loadOnnx(bytes);
      const actual = await runner.run(x, PARITY_SAMPLES, shape);
      await runner.release();
      expect(actual.length).toBe(expected.length);
      let maxDiff = 0;
      for (let i = 0; i < actual.length; i++) maxDiff = Math.max(maxDiff, Math.abs(actual[i]! - expected[i]!));
      expect(maxDiff).toBeLessThan(1e-4);
    });
  }
});

describe('layout and folding', () => {
  it('folds batch norm into the convolution before it, but not after an activation', () => {
    const resnet = testModels.resnet1d!();
    randomizeWeights(resnet, 3);
    const ops = convertToOnnx(resnet, { metadata: { classes: CLASSES } }).graph.nodes.map((n) => n.opType);
    expect(ops).not.toContain('BatchNormalization');
    expect(ops.filter((o) => o === 'Add')).toHaveLength(3);
    // every conv runs channels-first, back-to-back: only the input needs a transpose
    expect(ops.filter((o) => o === 'Transpose')).toHaveLength(1);
    const cnn = convertToOnnx(testModels.cnn1d!(), { metadata: { classes: CLASSES } });
    expect(cnn.graph.nodes.filter((n) => n.opType === 'BatchNormalization')).toHaveLength(2);
  });

  it('maps LSTM gates i,f,c,o to ONNX i,o,f,c', () => {
    const model = tfl.sequential({ layers: [tfl.layers.lstm({ inputShape: [3, 1], units: 1, recurrentInitializer: 'glorotUniform' })] });
    const kernel = Float32Array.of(1, 2, 3, 4); // i, f, c, o for one input feature
    const [, r, b] = model.getWeights();
    model.layers[0]!.setWeights([tf.tensor(kernel, [1, 4]), r!, b!]);
    const w = convertToOnnx(model, { metadata: { classes: ['a'] } }).graph.initializers;
    const wName = [...w.keys()].find((n) => n.endsWith('_W'))!;
    expect(Array.from(w.get(wName)!.data as Float32Array)).toEqual([1, 4, 2, 3]);
  });
});

describe('refusals', () => {
  it('names the layer it cannot convert', () => {
    const model = tfl.sequential({ layers: [tfl.layers.upSampling2d({ inputShape: [2, 8, 1], size: [1, 2], name: 'upsample_here' })] });
    expect(() => convertToOnnx(model, { metadata: { classes: [] } })).toThrowError(/upsample_here.*UpSampling2D/);
    try {
      convertToOnnx(model, { metadata: { classes: [] } });
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('UNSUPPORTED');
    }
  });

  it('refuses inputs without a static length', () => {
    const model = tfl.sequential({ layers: [tfl.layers.lstm({ inputShape: [null as unknown as number, 2], units: 2, recurrentInitializer: 'glorotUniform' })] });
    expect(() => convertToOnnx(model, { metadata: { classes: [] } })).toThrowError(/not static/);
  });
});
