import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportTfjs, loadTfjsFolder } from '../../../../../src/main/engine/export/tfjs/save-layers-model.ts';
import { AppError } from '../../../../../src/shared/errors.ts';
import { CLASSES, predictTf, randomInput, randomizeWeights, resnet1d, useWasm } from '../test-models.ts';

beforeAll(useWasm);

describe('TF.js layers-model export', () => {
  it('writes model.json + weights.bin that load back to the same predictions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'amr-tfjs-'));
    const model = resnet1d();
    randomizeWeights(model, 8);
    const saved = await exportTfjs(model, dir, { classes: CLASSES });
    const json = JSON.parse(readFileSync(saved.modelJson, 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.userDefinedMetadata.classes).toEqual(CLASSES);
    const weightBytes = json.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    expect(statSync(saved.weightsBin).size).toBe(weightBytes);
    expect(model.countParams() * 4).toBe(weightBytes);

    const loaded = await loadTfjsFolder(dir);
    const { x, shape } = randomInput(model, 16, 3);
    expect(Array.from(predictTf(loaded, x, 16, shape))).toEqual(Array.from(predictTf(model, x, 16, shape)));
  });

  it('names the folder when model.json is missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'amr-tfjs-empty-'));
    expect(existsSync(path.join(dir, 'model.json'))).toBe(false);
    await expect(loadTfjsFolder(dir)).rejects.toThrowError(AppError);
    await expect(loadTfjsFolder(dir)).rejects.toThrowError(/model\.json/);
  });
});
