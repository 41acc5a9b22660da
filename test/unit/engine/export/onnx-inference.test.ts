import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/main/engine/base/random.ts';
import { fastestScorer, onnxScorer } from '../../../../src/main/engine/export/onnx-inference.ts';
import { scoreClasses, tfjsScorer } from '../../../../src/main/engine/ml/eval/evaluate.ts';
import { buildModel } from '../../../../src/main/engine/ml/models/registry.ts';
import { arraySource } from '../../../../src/main/engine/ml/train/data.ts';
import { useWasm } from './test-models.ts';

const classes = ['BPSK', 'QPSK', '8PSK', 'QAM16', 'GFSK'];
const length = 128;
const n = 40;

function randomSource(seed: number) {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n * 2 * length }, () => rng.normal());
  const y = Int32Array.from({ length: n }, () => rng.int(classes.length));
  return arraySource(x, y, length, new Float32Array(n).fill(10));
}

describe('scoring through onnxruntime', () => {
  beforeAll(useWasm);

  it.each(['vtcnn2', 'resnet1d20', 'gru2', 'avgnet'])('%s: onnxruntime predicts the classes TF.js predicts, in stored order', async (arch) => {
    const model = buildModel({ arch, numClasses: classes.length, length }, { seed: 3 });
    const data = randomSource(5);
    const onnx = await onnxScorer(model, classes);
    try {
      expect(onnx.engine).toBe('onnxruntime');
      const byOnnx = await scoreClasses(onnx, data, 16);
      const byTfjs = await scoreClasses(tfjsScorer(model), data, 16);
      expect(Array.from(byOnnx.labels)).toEqual(Array.from(byTfjs.labels));
      const agree = byOnnx.predicted.filter((c, i) => c === byTfjs.predicted[i]).length;
      // ties between logits equal to 1e-5 could flip a class; none should on random weights
      expect(agree).toBeGreaterThanOrEqual(n - 1);
    } finally {
      await onnx.release();
      model.dispose();
    }
  });

  it('a model the converter cannot take is scored on TF.js, and the log says why', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.upSampling2d({ inputShape: [2, length, 1], size: [1, 2], name: 'upsample_here' }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: classes.length, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      ],
    });
    const lines: string[] = [];
    const scorer = await fastestScorer(model, classes, (l) => lines.push(l));
    try {
      expect(scorer.engine).toMatch(/^tfjs-/);
      expect(lines.join('\n')).toMatch(/scoring on TF\.js: .*upsample_here/);
      const data = randomSource(6);
      const scored = await scoreClasses(scorer, data, 16);
      expect(scored.predicted).toHaveLength(n);
    } finally {
      await scorer.release();
      model.dispose();
    }
  });
});
