// A separable toy task for checking that a zoo model still learns on wasm: each class is a tone
// at its own frequency plus seeded noise, trained with Adam for a few steps.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import { seeded } from './compare.ts';

/** n I/Q tones [n, 2, length], class c at (c + 1)·frequencyStep cycles per sample; one-hot labels (seed 21, noise seed 22). */
export function toneTask(n: number, classes: number, length: number, frequencyStep: number): { x: tf.Tensor; y: tf.Tensor } {
  const classOf = Array.from(seeded(n, 21), (u) => Math.floor(((u + 1) / 2) * classes));
  const data = new Float32Array(n * 2 * length);
  const noise = seeded(data.length, 22);
  for (let s = 0; s < n; s++) {
    const f = (classOf[s]! + 1) * frequencyStep;
    for (let t = 0; t < length; t++) {
      data[s * 2 * length + t] = Math.cos(2 * Math.PI * f * t) + 0.1 * noise[s * 2 * length + t]!;
      data[(s * 2 + 1) * length + t] = Math.sin(2 * Math.PI * f * t) + 0.1 * noise[(s * 2 + 1) * length + t]!;
    }
  }
  return { x: tf.tensor3d(data, [n, 2, length]), y: tf.oneHot(tf.tensor1d(classOf, 'int32'), classes) };
}

/** Trains `steps` Adam steps: no tensor leaks per step, and the loss falls below half its start. */
export function expectLearns(model: tfl.LayersModel, task: { x: tf.Tensor; y: tf.Tensor }, rate: number, steps: number): void {
  const { x, y } = task;
  const optimizer = tf.train.adam(rate);
  const lossOf = () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
  const first = tf.tidy(() => lossOf().dataSync()[0]!);
  optimizer.minimize(lossOf);
  const baseline = tf.memory().numTensors;
  for (let step = 0; step < steps; step++) optimizer.minimize(lossOf, true)?.dispose();
  expect(tf.memory().numTensors).toBe(baseline);
  const last = tf.tidy(() => lossOf().dataSync()[0]!);
  expect(last).toBeLessThan(0.5 * first);
  optimizer.dispose();
}
