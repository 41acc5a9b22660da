import { describe, expect, it } from 'vitest';
import { backendSummary } from '../../../src/renderer/src/app/backend-summary.ts';
import type { BackendReport } from '../../../src/shared/dto.ts';

const adapter = { name: 'NVIDIA GeForce RTX 4090', vendor: 'nvidia', architecture: 'ada', software: false, memoryBytes: 24 * 1024 ** 3, memorySource: 'nvidia-smi', maxBufferBytes: 2 ** 32 };

const report: BackendReport = {
  chosen: 'webgpu',
  forced: false,
  backends: [
    { name: 'tensorflow', available: false, detail: 'libcudart.so.11.0 not found', verdict: 'not used: libcudart.so.11.0 not found' },
    { name: 'webgpu', available: true, detail: 'WebGPU through Dawn on NVIDIA GeForce RTX 4090', adapter, verdict: 'used: the best backend that works here' },
    { name: 'wasm', available: true, detail: 'WebAssembly SIMD', verdict: 'not used: webgpu comes first' },
    { name: 'cpu', available: true, detail: 'plain JavaScript', verdict: 'not used: webgpu comes first' },
  ],
};

describe('the status bar backend summary', () => {
  it('shows the backend in use with its GPU and memory, and every rung\'s verdict in the tooltip', () => {
    const s = backendSummary(report);
    expect(s.label).toBe('Compute: webgpu on NVIDIA GeForce RTX 4090, 24.0 GiB');
    const lines = s.title.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('tensorflow: not used: libcudart.so.11.0 not found');
    expect(lines[1]).toBe('webgpu: used: the best backend that works here — WebGPU through Dawn on NVIDIA GeForce RTX 4090');
  });

  it('marks a forced choice and leaves the adapter out for CPU backends', () => {
    const s = backendSummary({ ...report, chosen: 'wasm', forced: true });
    expect(s.label).toBe('Compute: wasm (forced)');
  });
});
