// Finds out which compute backends this machine can run, best first, and why the others cannot.
import { createRequire } from 'node:module';
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { BackendName, BackendStatus } from '../../../../shared/dto.ts';

const require = createRequire(import.meta.url);

/** The ladder, best first. */
export const backendLadder: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];

/** The native TensorFlow bindings, GPU build first. Optional dependencies: often absent. */
export const tensorflowPackages: readonly string[] = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

/** Dawn's Node bindings and the TF.js backend on top; loaded by name only when installed. */
export const webgpuPackages: readonly [string, string] = ['webgpu', '@tensorflow/tfjs-backend-webgpu'];

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

async function probeTensorflow(): Promise<BackendStatus> {
  const reasons: string[] = [];
  for (const pkg of tensorflowPackages) {
    if (!isInstalled(pkg)) {
      reasons.push(`${pkg} not installed`);
      continue;
    }
    try {
      await import(pkg);
      return { name: 'tensorflow', available: true, detail: `native TensorFlow through ${pkg}` };
    } catch (err) {
      reasons.push(`${pkg} failed to load: ${message(err)}`);
    }
  }
  return { name: 'tensorflow', available: false, detail: reasons.join('; ') };
}

async function probeWebgpu(): Promise<BackendStatus> {
  const missing = webgpuPackages.filter((pkg) => !isInstalled(pkg));
  if (missing.length > 0) return { name: 'webgpu', available: false, detail: `not installed (${missing.join(', ')})` };
  try {
    const [dawnPkg, tfjsPkg] = webgpuPackages;
    const dawn = (await import(dawnPkg)) as {
      create: (flags: string[]) => { requestAdapter(): Promise<unknown> };
      globals: Record<string, unknown>;
    };
    Object.assign(globalThis, dawn.globals);
    const gpu = dawn.create([]);
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { name: 'webgpu', available: false, detail: 'Dawn found no GPU adapter' };
    const nav = ((globalThis as unknown as { navigator?: Record<string, unknown> }).navigator ??= {});
    if (!('gpu' in nav)) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    await import(tfjsPkg);
    return { name: 'webgpu', available: true, detail: 'WebGPU through Dawn' };
  } catch (err) {
    return { name: 'webgpu', available: false, detail: `failed to start: ${message(err)}` };
  }
}

function probeWasm(): BackendStatus {
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

export async function probeAll(): Promise<BackendStatus[]> {
  return [
    await probeTensorflow(),
    await probeWebgpu(),
    probeWasm(),
    { name: 'cpu', available: true, detail: 'plain JavaScript (slowest)' },
  ];
}
