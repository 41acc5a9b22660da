import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, listArchitectures, removableUnits } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { exportOnnx } from '../../../../../src/main/engine/export/onnx/convert.ts';
import { loadOnnx } from '../../../../../src/main/engine/export/onnx-runtime.ts';
import { checkWithOnnx, onnxCheckerAvailable } from '../export-helpers.ts';
import { predictTf, randomInput, randomizeWeights, useCpu } from '../test-models.ts';

const SAMPLES = 256;

beforeAll(useCpu);

async function parity(spec: ModelSpec, label: string): Promise<void> {
  const model = buildModel(spec, { seed: 1 });
  randomizeWeights(model, 2);
  const bytes = exportOnnx(model, { metadata: { classes: ['a', 'b', 'c', 'd'], modelName: label } });
  if (onnxCheckerAvailable) checkWithOnnx(bytes, label);
  else console.warn('python3-onnx is not installed: the ONNX checker assertion was skipped');
  const { x, shape } = randomInput(model, SAMPLES, 3);
  const expected = predictTf(model, x, SAMPLES, shape);
  const runner = await loadOnnx(bytes);
  const actual = await runner.run(x, SAMPLES, shape);
  await runner.release();
  let maxDiff = 0;
  for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(actual[i]! - expected[i]!));
  expect(actual.length).toBe(expected.length);
  expect(maxDiff).toBeLessThan(1e-4);
}

describe('ONNX export of the model zoo (registry)', () => {
  for (const { arch } of listArchitectures()) {
    it(`${arch}: checker passes, onnxruntime matches TF.js within 1e-4 on ${SAMPLES} samples`, async () => {
      // narrow recurrent layers keep the CPU test fast; the wiring is what is under test
      await parity({ arch, numClasses: 4, length: 32, widths: { lstm1: 16, lstm2: 8, gru1: 16, gru2: 8 } }, arch);
    });
  }

  it('a pruned resnet1d (first removable block dropped) exports with the same parity', async () => {
    const spec: ModelSpec = { arch: 'resnet1d', numClasses: 4, length: 32 };
    const units = removableUnits(spec);
    expect(units.length).toBeGreaterThan(1);
    await parity({ ...spec, keepUnits: units.slice(1).map((u) => u.id) }, 'resnet1d-pruned');
  });
});
