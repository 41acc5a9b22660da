import { beforeAll, describe, expect, it } from 'vitest';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildModel, listArchitectures, removableUnits } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { exportOnnx } from '../../../../../src/main/engine/export/onnx/convert.ts';
import { loadOnnx } from '../../../../../src/main/engine/export/onnx-runtime.ts';
import { checkManyWithOnnx, type OnnxCheck } from '../export-helpers.ts';
import { predictTf, randomInput, randomizeWeights, useWasm } from '../test-models.ts';

const SAMPLES = 256;

// narrow recurrent layers keep the test fast; the wiring is what is under test
const zooSpecs: Array<[string, ModelSpec]> = listArchitectures().map(({ arch }) => [
  arch,
  { arch, numClasses: 4, length: 32, widths: { lstm1: 16, lstm2: 8, gru1: 16, gru2: 8 } },
]);
const resnetSpec: ModelSpec = { arch: 'resnet1d', numClasses: 4, length: 32 };
const resnetUnits = removableUnits(resnetSpec);
const prunedSpec: ModelSpec = { ...resnetSpec, keepUnits: resnetUnits.slice(1).map((u) => u.id) };

const exported = new Map<string, { model: tfl.LayersModel; bytes: Uint8Array }>();
let checks = new Map<string, OnnxCheck | { error: string }>();

beforeAll(async () => {
  await useWasm();
  for (const [label, spec] of [...zooSpecs, ['resnet1d-pruned', prunedSpec] as [string, ModelSpec]]) {
    const model = buildModel(spec, { seed: 1 });
    randomizeWeights(model, 2);
    exported.set(label, { model, bytes: exportOnnx(model, { metadata: { classes: ['a', 'b', 'c', 'd'], modelName: label } }) });
  }
  // one checker run for every file: Python's start-up would otherwise dominate the file
  checks = checkManyWithOnnx([...exported].map(([name, { bytes }]) => ({ name, bytes })));
});

async function parity(label: string): Promise<void> {
  const { model, bytes } = exported.get(label)!;
  const check = checks.get(label)!;
  expect('error' in check ? check.error : null).toBeNull();
  expect((check as OnnxCheck).metadata.model_name).toBe(label);
  const { x, shape } = randomInput(model, SAMPLES, 3);
  const expected = predictTf(model, x, SAMPLES, shape);
  const runner = await loadOnnx(bytes);
  const actual = await runner.run(x, SAMPLES, shape);
  await runner.release();
  let maxDiff = 0;
  let scale = 1;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  expect(actual.length).toBe(expected.length);
  // 1e-4 absolute, relative where random weights make the logits large (AVGNet's: thousands)
  expect(maxDiff).toBeLessThan(1e-4 * scale);
}

describe('ONNX export of the model zoo (registry)', () => {
  for (const [arch] of zooSpecs) {
    it(`${arch}: checker passes, onnxruntime matches TF.js within 1e-4 on ${SAMPLES} samples`, async () => {
      await parity(arch);
    });
  }

  it('a pruned resnet1d (first removable block dropped) exports with the same parity', async () => {
    expect(resnetUnits.length).toBeGreaterThan(1);
    await parity('resnet1d-pruned');
  });
});
