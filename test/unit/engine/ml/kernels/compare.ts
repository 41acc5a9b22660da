// Runs the same computation on the wasm backend (with our kernels) and on the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';

export async function useWasm(): Promise<void> {
  await initBackend({ force: 'wasm' });
}

/** Evaluates f on wasm then on cpu (inputs rebuilt from plain arrays on each), returns both outputs. */
export async function onBothBackends(f: () => tf.Tensor | tf.Tensor[]): Promise<{ wasm: number[][]; cpu: number[][] }> {
  const run = () => tf.tidy(() => [f()].flat().map((t) => Array.from(t.dataSync())));
  await tf.setBackend('wasm');
  const wasm = run();
  await tf.setBackend('cpu');
  const cpu = run();
  await tf.setBackend('wasm');
  return { wasm, cpu };
}

export function expectClose(actual: number[], expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  const scale = expected.reduce((largest, v) => Math.max(largest, Math.abs(v)), 1);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  expect(worst / scale).toBeLessThan(tolerance);
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
