// The wasm kernels must make the model zoo's conv nets train: whole-model gradients equal the
// cpu backend's, and a few optimiser steps on wasm learn a separable toy problem.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { expectClose, onBothBackends, seeded, tensorOf, useWasm } from './compare.ts';
import { expectLearns, toneTask } from './toy-task.ts';

const specs: ModelSpec[] = [
  { arch: 'vtcnn2', numClasses: 4, length: 32, options: { dropout: 0 }, widths: { conv1: 12, conv2: 6, dense1: 16 } },
  { arch: 'resnet1d', numClasses: 4, length: 32, options: { depth: 8 } },
];

function labels(n: number, classes: number, seed: number): tf.Tensor {
  return tf.oneHot(tf.tensor1d(Array.from(seeded(n, seed), (u) => Math.floor(((u + 1) / 2) * classes)), 'int32'), classes);
}

describe('model zoo training on wasm', () => {
  beforeAll(useWasm);

  for (const spec of specs) {
    it(`${spec.arch}: gradients of every weight match the cpu backend`, async () => {
      const model = buildModel(spec, { seed: 3 });
      const x = tensorOf([6, 2, spec.length], 11);
      const y = labels(6, spec.numClasses, 12);
      const { wasm, cpu } = await onBothBackends(() => {
        const { grads } = tf.variableGrads(() =>
          tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
        );
        return model.trainableWeights.map((w) => grads[w.name]!);
      });
      expect(wasm.length).toBe(model.trainableWeights.length);
      wasm.forEach((g, i) => expectClose(g, cpu[i]!, 1e-4));
      model.dispose();
    });

    it(`${spec.arch}: learns a separable toy task with Adam on wasm, without leaking tensors`, () => {
      const model = buildModel(spec, { seed: 5 });
      const task = toneTask(32, spec.numClasses, spec.length, 1 / 16);
      expectLearns(model, task, 0.01, 24);
      tf.dispose([task.x, task.y]);
      model.dispose();
    });
  }
});
