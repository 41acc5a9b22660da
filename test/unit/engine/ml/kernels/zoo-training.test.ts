// The wasm kernels must make the model zoo's conv nets train: whole-model gradients equal the
// cpu backend's, and a few optimiser steps on wasm learn a separable toy problem.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import type { ModelSpec } from '../../../../../src/main/engine/ml/models/spec.ts';
import { expectClose, onBothBackends, seeded, tensorOf, useWasm } from './compare.ts';

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
      const n = 32;
      const y = labels(n, spec.numClasses, 21);
      // Each class is a tone at its own frequency plus noise.
      const classOf = tf.argMax(y, -1).dataSync();
      const data = new Float32Array(n * 2 * spec.length);
      const noise = seeded(data.length, 22);
      for (let s = 0; s < n; s++) {
        const f = (classOf[s]! + 1) / 16;
        for (let t = 0; t < spec.length; t++) {
          data[(s * 2) * spec.length + t] = Math.cos(2 * Math.PI * f * t) + 0.1 * noise[(s * 2) * spec.length + t]!;
          data[(s * 2 + 1) * spec.length + t] = Math.sin(2 * Math.PI * f * t) + 0.1 * noise[(s * 2 + 1) * spec.length + t]!;
        }
      }
      const x = tf.tensor3d(data, [n, 2, spec.length]);
      const optimizer = tf.train.adam(0.01);
      const lossOf = () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
      const first = tf.tidy(() => lossOf().dataSync()[0]!);
      optimizer.minimize(lossOf);
      const baseline = tf.memory().numTensors;
      for (let step = 0; step < 24; step++) optimizer.minimize(lossOf, true)?.dispose();
      expect(tf.memory().numTensors).toBe(baseline);
      const last = tf.tidy(() => lossOf().dataSync()[0]!);
      expect(last).toBeLessThan(0.5 * first);
      optimizer.dispose();
      tf.dispose([x, y]);
      model.dispose();
    });
  }
});
