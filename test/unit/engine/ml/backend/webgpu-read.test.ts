// Reading tensors back from the GPU under Node, where TF.js's own synchronous read (through a
// browser canvas) cannot work; run in a child process with a Vulkan driver (helpers/vulkan.ts).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lastJsonLine, runTypeScript, vulkanEnvironment } from '../../../../helpers/vulkan.ts';

const vulkan = vulkanEnvironment();
if ('skip' in vulkan) console.log(`webgpu read tests skipped: ${vulkan.skip}`);
const child = fileURLToPath(new URL('./webgpu-read.run.ts', import.meta.url));

describe.skipIf('skip' in vulkan)('reads on the webgpu backend', () => {
  it('reads synchronously and asynchronously, every dtype, frees its staging, and reports device errors', async () => {
    const r = await runTypeScript(child, [], (vulkan as { env: NodeJS.ProcessEnv }).env, 120_000);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJsonLine<Record<string, unknown>>(r.stdout);
    expect(out).toMatchObject({
      chosen: 'webgpu',
      doubledOk: true,
      tripledOk: true,
      ints: [1, -2, 3],
      intsType: 'Int32Array',
      flags: [0, 1, 1],
      leftOver: 0,
    });
    expect(out['deviceError']).toMatch(/^the GPU reported: .*usage/i);
  });
});
