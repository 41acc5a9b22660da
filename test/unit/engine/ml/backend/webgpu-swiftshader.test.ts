// The webgpu rung as `amr-studio backends` reports it, in a child process whose environment
// holds a Vulkan driver (Chromium's SwiftShader here) or none.
import { describe, expect, it } from 'vitest';
import type { BackendReport } from '../../../../../src/shared/dto.ts';
import { cliBin, lastJsonLine, noVulkanEnvironment, runNode, vulkanEnvironment } from '../../../../helpers/vulkan.ts';

const vulkan = vulkanEnvironment();
if ('skip' in vulkan) console.log(`webgpu backend tests skipped: ${vulkan.skip}`);

async function backends(env: NodeJS.ProcessEnv, ...flags: string[]): Promise<BackendReport> {
  const r = await runNode([cliBin, 'backends', '--json', ...flags], env, 60_000);
  expect(r.code, r.stderr).toBe(0);
  return lastJsonLine<BackendReport>(r.stdout);
}

describe('the webgpu backend rung', () => {
  it.skipIf('skip' in vulkan)('lists webgpu with its adapter where a Vulkan driver exists, and can be forced', async () => {
    const env = (vulkan as { env: NodeJS.ProcessEnv }).env;
    const report = await backends(env);
    const webgpu = report.backends.find((b) => b.name === 'webgpu')!;
    expect(webgpu.available).toBe(true);
    expect(webgpu.adapter!.name.length).toBeGreaterThan(0);
    expect(webgpu.adapter!.maxBufferBytes).toBeGreaterThan(0);
    expect(webgpu.detail).toContain(webgpu.adapter!.name);
    if (webgpu.adapter!.software) {
      // a software renderer is listed but not chosen over wasm, and says so
      expect(webgpu.adapter!.memorySource).toMatch(/system memory/);
      expect(webgpu.passedOver).toMatch(/software renderer.*--backend webgpu/);
      expect(report.chosen).not.toBe('webgpu');
      expect(webgpu.verdict).toBe(`not used: ${webgpu.passedOver}`);
    }
    const forced = await backends(env, '--backend', 'webgpu');
    expect(forced).toMatchObject({ chosen: 'webgpu', forced: true });
    expect(forced.backends.find((b) => b.name === 'webgpu')!.verdict).toMatch(/^used: forced/);
  });

  // Metal and D3D12 come with macOS and Windows: only Linux can lack a driver this way.
  it.skipIf(process.platform !== 'linux')('explains why webgpu is not used where no Vulkan driver exists', async () => {
    const report = await backends(noVulkanEnvironment());
    const webgpu = report.backends.find((b) => b.name === 'webgpu')!;
    expect(webgpu.available).toBe(false);
    expect(webgpu.detail).toMatch(/no Vulkan (loader|driver)/);
    expect(webgpu.verdict).toBe(`not used: ${webgpu.detail}`);
    expect(report.chosen).not.toBe('webgpu');
  });
});
