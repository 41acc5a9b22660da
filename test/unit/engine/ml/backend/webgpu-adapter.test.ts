import { describe, expect, it } from 'vitest';
import { adapterName, formatAdapter, isSoftwareAdapter } from '../../../../../src/main/engine/ml/backend/webgpu-adapter.ts';

const info = (fields: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }) => ({ vendor: '', architecture: '', device: '', description: '', ...fields });

describe('WebGPU adapters in words', () => {
  it('names an adapter by the driver description, else the device, else vendor and architecture', () => {
    expect(adapterName(info({ vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3090' }))).toBe('NVIDIA GeForce RTX 3090');
    expect(adapterName(info({ vendor: 'intel', device: 'Intel(R) Arc(TM) A770' }))).toBe('Intel(R) Arc(TM) A770');
    expect(adapterName(info({ vendor: 'amd', architecture: 'rdna-3' }))).toBe('amd rdna-3');
    expect(adapterName(info({}))).toBe('unnamed adapter');
  });

  it('tells software renderers from GPUs', () => {
    expect(isSoftwareAdapter(info({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0' }))).toBe(true);
    expect(isSoftwareAdapter(info({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }))).toBe(true);
    expect(isSoftwareAdapter(info({ vendor: 'microsoft', description: 'Microsoft Basic Render Driver' }))).toBe(true);
    expect(isSoftwareAdapter(info({ vendor: 'nvidia', description: 'NVIDIA H100 80GB HBM3', isFallbackAdapter: false }))).toBe(false);
    expect(isSoftwareAdapter(info({ vendor: 'x', description: 'anything', isFallbackAdapter: true }))).toBe(true);
  });

  it('formats the memory and where it came from, or that it is unknown', () => {
    const base = { name: 'NVIDIA H100 80GB HBM3', vendor: 'nvidia', architecture: 'hopper', software: false, maxBufferBytes: 4 * 1024 ** 3 };
    expect(formatAdapter({ ...base, memoryBytes: 81559 * 1024 ** 2, memorySource: 'nvidia-smi' })).toBe('NVIDIA H100 80GB HBM3, 79.6 GiB (nvidia-smi), buffers up to 4.0 GiB');
    expect(formatAdapter({ ...base, memoryBytes: null, memorySource: 'not reported by the driver' })).toBe('NVIDIA H100 80GB HBM3, memory not reported by the driver, buffers up to 4.0 GiB');
    expect(formatAdapter({ ...base, name: 'SwiftShader driver 5.0.0', software: true, memoryBytes: 2 * 1024 ** 3, memorySource: 'system memory, shared with the CPU' })).toMatch(/^SwiftShader driver 5\.0\.0 \[software\], 2\.0 GiB/);
  });
});
