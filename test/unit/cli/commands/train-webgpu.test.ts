// A short training job on the webgpu backend through the CLI, in processes whose environment holds
// a Vulkan driver (Chromium's SwiftShader in CI; helpers/vulkan.ts); the model it saves evaluates
// to the same test accuracy on the cpu backend.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedDataset } from '../../../../src/main/engine/dsp/synth/write.ts';
import { openProject } from '../../../../src/main/engine/store/project.ts';
import { cliBin, lastJsonLine, runNode, vulkanEnvironment } from '../../../helpers/vulkan.ts';

const vulkan = vulkanEnvironment();
if ('skip' in vulkan) console.log(`webgpu CLI training test skipped: ${vulkan.skip}`);
const dir = mkdtempSync(join(tmpdir(), 'amr-cli-webgpu-'));
const project = join(dir, 'p.amrproj');

beforeAll(async () => {
  const store = openProject(project, { create: true });
  await writeGeneratedDataset(store, { preset: 'rml2016', classes: ['BPSK', 'QPSK'], snrs: [10], perKey: 16, length: 32, seed: 1 }, { name: 'tiny' });
  store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf('skip' in vulkan)('amr-studio train --backend webgpu', () => {
  it('trains VT-CNN2 on the GPU backend and saves a model that evaluates the same on cpu', { timeout: 300_000 }, async () => {
    const env = (vulkan as { env: NodeJS.ProcessEnv }).env;
    const trained = await runNode([cliBin, 'train', project, '--dataset', 'tiny', '--model', 'vtcnn2', '--epochs', '1', '--batch', '8', '--seed', '3', '--backend', 'webgpu', '--json'], env, 240_000);
    expect(trained.code, trained.stderr.slice(-3000)).toBe(0);
    const t = lastJsonLine<{ jobId: number; modelId: number; accuracy: number; epochs: number; threads: number }>(trained.stdout);
    expect(t).toMatchObject({ epochs: 1, threads: 1 });
    const store = openProject(project);
    try {
      expect(store.getJob(t.jobId).log).toMatch(/on backend webgpu/);
    } finally {
      store.close();
    }
    const evaluated = await runNode([cliBin, 'evaluate', project, '--model', String(t.modelId), '--backend', 'cpu', '--json'], env, 120_000);
    expect(evaluated.code, evaluated.stderr.slice(-3000)).toBe(0);
    expect(lastJsonLine<{ accuracy: number }>(evaluated.stdout).accuracy).toBe(t.accuracy);
  });
});
