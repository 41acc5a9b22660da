import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKEND_ENV, backendLadder, initBackend, probeBackends } from '../../../../src/main/engine/ml/backend/index.ts';
import { wasmTrainingKernelNames } from '../../../../src/main/engine/ml/kernels/index.ts';
import { AppError } from '../../../../src/shared/errors.ts';

const require = createRequire(import.meta.url);
const installed = (pkg: string) => {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
};

describe('backend ladder', () => {
  afterEach(() => {
    delete process.env[BACKEND_ENV];
  });

  it('reports every backend in ladder order, and chooses the first available one', async () => {
    const report = await probeBackends();
    expect(report.backends.map((b) => b.name)).toEqual([...backendLadder]);
    expect(report.forced).toBe(false);
    expect(report.chosen).toBe(report.backends.find((b) => b.available)!.name);
    for (const b of report.backends) expect(b.detail.length).toBeGreaterThan(0);
    expect(report.backends.find((b) => b.name === 'cpu')!.available).toBe(true);
  });

  it('says which optional packages are missing', async () => {
    const report = await probeBackends();
    const tensorflow = report.backends.find((b) => b.name === 'tensorflow')!;
    if (!installed('@tensorflow/tfjs-node') && !installed('@tensorflow/tfjs-node-gpu')) {
      expect(tensorflow.available).toBe(false);
      expect(tensorflow.detail).toMatch(/@tensorflow\/tfjs-node not installed/);
    }
    const webgpu = report.backends.find((b) => b.name === 'webgpu')!;
    if (!installed('webgpu')) {
      expect(webgpu.available).toBe(false);
      expect(webgpu.detail).toMatch(/not installed.*webgpu/);
    }
  });

  it('starts the wasm backend with its .wasm binaries found and our training kernels installed', async () => {
    const report = await initBackend({ force: 'wasm' });
    expect(report).toMatchObject({ chosen: 'wasm', forced: true });
    expect(tf.getBackend()).toBe('wasm');
    const wasmKernels = new Map(tf.getKernelsForBackend('wasm').map((k) => [k.kernelName, k]));
    for (const name of wasmTrainingKernelNames) expect(wasmKernels.has(name)).toBe(true);
    // A conv filter gradient, which stock tfjs-backend-wasm cannot compute, now runs.
    const g = tf.grad((f: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 1, 5, 2]) as tf.Tensor4D, f as tf.Tensor4D, 1, 'valid')))(
      tf.ones([1, 3, 2, 1]),
    );
    expect(Array.from(g.dataSync())).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('honours the AMR_BACKEND environment variable and explicit force', async () => {
    process.env[BACKEND_ENV] = 'cpu';
    expect(await initBackend()).toMatchObject({ chosen: 'cpu', forced: true });
    expect(tf.getBackend()).toBe('cpu');
    expect(await initBackend({ force: 'wasm' })).toMatchObject({ chosen: 'wasm', forced: true });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('refuses an unknown name and an unavailable forced backend with clear errors', async () => {
    process.env[BACKEND_ENV] = 'cuda';
    await expect(probeBackends()).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/AMR_BACKEND.*cuda/) });
    delete process.env[BACKEND_ENV];
    const report = await probeBackends();
    const missing = report.backends.find((b) => !b.available);
    if (missing) {
      const err = await initBackend({ force: missing.name }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'BACKEND', message: expect.stringContaining(missing.name) });
    }
  });
});
