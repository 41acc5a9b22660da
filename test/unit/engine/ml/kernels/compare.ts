// Runs the same computation on the wasm backend (with our kernels) and on the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';

export async function useWasm(): Promise<void> {
  await initBackend({ force: 'wasm' });
}

/** Evaluates f on wasm then on cpu (inputs rebuilt from plain arrays on each), returns both outputs. */
export async function onBothBackends(f: () => tf.Tensor | tf.Tensor[]): Promise<{ wasm: Float32Array[]; cpu: Float32Array[] }> {
  // typed copies: a plain array of a layer's millions of weights takes seconds to build
  const run = () => tf.tidy(() => [f()].flat().map((t) => Float32Array.from(t.dataSync())));
  await tf.setBackend('wasm');
  const wasm = run();
  await tf.setBackend('cpu');
  const cpu = run();
  await tf.setBackend('wasm');
  return { wasm, cpu };
}

/** float32's machine epsilon: below this the expected values are rounding noise of a zero. */
const FLOAT32_EPSILON = 2 ** -23;

/**
 * The largest difference relative to the expected tensor's largest magnitude, so gradients of
 * ~1e-3 are held to the same relative accuracy as activations of ~1 (a scale floored at 1 let
 * percent-level errors in them through); the scale's floor is float32's epsilon, for a tensor
 * that is zero everywhere.
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = FLOAT32_EPSILON;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  return worst / scale;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  expect(relativeError(actual, expected)).toBeLessThan(tolerance);
}

/** Deterministic pseudo-random values in [-1, 1) from a seed. */
export function seeded(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 2 ** 32) * 2 - 1;
  }
  return out;
}

export function tensorOf(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(seeded(shape.reduce((a, b) => a * b, 1), seed), shape);
}
