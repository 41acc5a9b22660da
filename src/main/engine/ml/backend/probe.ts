// Finds out which compute backends this machine can run, best first, and why the others cannot.
import { createRequire } from 'node:module';
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { BackendName, BackendStatus } from '../../../../shared/dto.ts';
import { dawnPackage, loadDawn, missingVulkan, vulkanDriverManifests } from './dawn.ts';
import { explainTensorflowLoadError, TFJS_NODE_GPU_NEEDS } from './tensorflow-load-error.ts';
import { formatAdapter, summariseAdapter, type DawnAdapter } from './webgpu-adapter.ts';
import { webgpuTfjsPackage } from './webgpu-backend.ts';

/** A rung as probed, before the ladder's choice gives it a verdict. */
export type Probed = Omit<BackendStatus, 'verdict'>;

const require = createRequire(import.meta.url);

/** The ladder, best first. */
export const backendLadder: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];

/** The native TensorFlow bindings, GPU build first. Optional dependencies: often absent. */
export const tensorflowPackages: readonly string[] = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

export function isInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** Directory holding tfjs-backend-wasm's .wasm binaries (its dist folder), with a trailing slash. */
export function wasmBinaryDir(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

async function probeTensorflow(): Promise<Probed> {
  const reasons: string[] = [];
  for (const pkg of tensorflowPackages) {
    if (!isInstalled(pkg)) {
      reasons.push(`${pkg} not installed${pkg.endsWith('-gpu') ? ` (optional: it needs ${TFJS_NODE_GPU_NEEDS})` : ''}`);
      continue;
    }
    try {
      await import(pkg);
      return { name: 'tensorflow', available: true, detail: `native TensorFlow through ${pkg}` };
    } catch (err) {
      reasons.push(explainTensorflowLoadError(pkg, err instanceof Error ? err.message : String(err)));
    }
  }
  return { name: 'tensorflow', available: false, detail: reasons.join('; ') };
}

async function probeWebgpu(): Promise<Probed> {
  const missing = [dawnPackage, webgpuTfjsPackage].filter((pkg) => !isInstalled(pkg));
  if (missing.length > 0) return { name: 'webgpu', available: false, detail: `not installed (${missing.join(', ')}): run npm ci` };
  const noVulkan = missingVulkan();
  if (noVulkan) return { name: 'webgpu', available: false, detail: noVulkan };
  try {
    const gpu = await loadDawn();
    const adapter = (await gpu.requestAdapter({ powerPreference: 'high-performance' })) as DawnAdapter | null;
    if (!adapter) {
      const drivers = process.platform === 'linux' ? ` (Vulkan drivers: ${vulkanDriverManifests().map((f) => path.basename(f)).join(', ')})` : '';
      return { name: 'webgpu', available: false, detail: `Dawn found no usable GPU adapter${drivers}` };
    }
    const summary = summariseAdapter(adapter);
    return {
      name: 'webgpu',
      available: true,
      detail: `WebGPU through Dawn on ${formatAdapter(summary)}`,
      adapter: summary,
      ...(summary.software ? { passedOver: `${summary.name} is a software renderer, slower than wasm on the same CPU; force it with --backend webgpu` } : {}),
    };
  } catch (err) {
    return { name: 'webgpu', available: false, detail: `Dawn failed to start: ${message(err)}` };
  }
}

function probeWasm(): Probed {
  if (!isInstalled('@tensorflow/tfjs-backend-wasm')) {
    return { name: 'wasm', available: false, detail: 'not installed (@tensorflow/tfjs-backend-wasm)' };
  }
  const simd = WebAssembly.validate(SIMD_PROBE);
  const binary = simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  if (!existsSync(wasmBinaryDir() + binary)) {
    return { name: 'wasm', available: false, detail: `${binary} missing from ${wasmBinaryDir()}` };
  }
  const flavour = simd ? 'WebAssembly SIMD' : 'WebAssembly without SIMD';
  // tfjs-backend-wasm turns its threaded build off under Node (it needs browser workers).
  return { name: 'wasm', available: true, detail: `${flavour}, 1 thread, with our training kernels` };
}

/** A minimal module using a v128 instruction: validates only where wasm SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

export async function probeAll(): Promise<Probed[]> {
  return [
    await probeTensorflow(),
    await probeWebgpu(),
    probeWasm(),
    { name: 'cpu', available: true, detail: 'plain JavaScript (slowest)' },
  ];
}
