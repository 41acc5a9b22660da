// What a WebGPU adapter is, in words a user can check against their machine: its name, whether it
// is a real GPU or a software rasteriser, and its memory. WebGPU does not tell an adapter's memory,
// so it comes from the vendor's tool or the kernel where those exist.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { totalmem } from 'node:os';
import type { GpuAdapterSummary } from '../../../../shared/dto.ts';

/** The adapter as Dawn gives it: the typings TF.js pins predate GPUAdapter.info. */
export type DawnAdapter = GPUAdapter & { readonly info: GPUAdapterInfo & { readonly isFallbackAdapter?: boolean } };

/** Renderers that run on the CPU: correct, but slower than the wasm backend. */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render/i;

export function adapterName(info: Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'device' | 'description'>): string {
  return info.description || info.device || [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
}

export function isSoftwareAdapter(info: Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'device' | 'description'> & { isFallbackAdapter?: boolean }): boolean {
  return info.isFallbackAdapter === true || SOFTWARE_RENDERERS.test([info.description, info.device, info.architecture].join(' '));
}

/** Total memory per NVIDIA GPU, in bytes, from nvidia-smi (installed with the driver), by name. */
function nvidiaMemory(): { name: string; bytes: number }[] {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out
      .trim()
      .split('\n')
      .map((line) => {
        const cut = line.lastIndexOf(',');
        return { name: line.slice(0, cut).trim(), bytes: Number(line.slice(cut + 1)) * 1024 ** 2 };
      })
      .filter((g) => Number.isFinite(g.bytes) && g.bytes > 0);
  } catch {
    return [];
  }
}

/** VRAM of the first AMD card the Linux kernel driver reports, in bytes. */
function amdgpuMemory(): number | null {
  try {
    for (const card of readdirSync('/sys/class/drm').filter((c) => /^card\d+$/.test(c))) {
      try {
        return Number(readFileSync(`/sys/class/drm/${card}/device/mem_info_vram_total`, 'utf8').trim());
      } catch {
        // not an amdgpu card
      }
    }
  } catch {
    // no DRM in this system
  }
  return null;
}

function memoryOf(info: GPUAdapterInfo, software: boolean): { memoryBytes: number | null; memorySource: string } {
  if (software) return { memoryBytes: totalmem(), memorySource: 'system memory, shared with the CPU' };
  const vendor = info.vendor.toLowerCase();
  if (vendor.includes('nvidia')) {
    const gpus = nvidiaMemory();
    const name = adapterName(info).toLowerCase();
    const match = gpus.find((g) => name.includes(g.name.toLowerCase()) || g.name.toLowerCase().includes(name)) ?? (gpus.length === 1 ? gpus[0] : undefined);
    if (match) return { memoryBytes: match.bytes, memorySource: 'nvidia-smi' };
    return { memoryBytes: null, memorySource: 'not reported (nvidia-smi not found or did not list this GPU)' };
  }
  if (vendor.includes('amd') || vendor.includes('ati')) {
    const bytes = amdgpuMemory();
    if (bytes) return { memoryBytes: bytes, memorySource: 'amdgpu driver (sysfs)' };
  }
  if (vendor.includes('apple')) return { memoryBytes: totalmem(), memorySource: 'unified memory' };
  return { memoryBytes: null, memorySource: 'not reported by the driver' };
}

export function summariseAdapter(adapter: DawnAdapter): GpuAdapterSummary {
  const info = adapter.info;
  const software = isSoftwareAdapter(info);
  return {
    name: adapterName(info),
    vendor: info.vendor,
    architecture: info.architecture,
    software,
    ...memoryOf(info, software),
    maxBufferBytes: adapter.limits.maxBufferSize,
  };
}

export function formatAdapter(a: GpuAdapterSummary): string {
  const gib = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GiB`;
  const memory = a.memoryBytes === null ? `memory ${a.memorySource}` : `${gib(a.memoryBytes)} (${a.memorySource})`;
  return `${a.name}${a.software ? ' [software]' : ''}, ${memory}, buffers up to ${gib(a.maxBufferBytes)}`;
}
