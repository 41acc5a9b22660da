// Dawn, Chromium's WebGPU implementation, from the `webgpu` npm package (its native library
// ships inside the package for Linux, macOS and Windows). Loaded once per process, on demand.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { installDawnEventPump } from './dawn-event-pump.ts';

export const dawnPackage = 'webgpu';

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let dawn: Promise<GPU> | null = null;

/** Dawn's GPU entry point (navigator.gpu's equivalent); its WebGPU globals are made global too. */
export function loadDawn(): Promise<GPU> {
  dawn ??= (async () => {
    installDawnEventPump();
    const module = (await import(dawnPackage)) as DawnModule;
    for (const [name, value] of Object.entries(module.globals)) {
      if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    }
    return module.create([]);
  })();
  return dawn;
}

/**
 * Why Dawn can find no Vulkan device on Linux, when that is knowable without asking it (asking
 * prints the loader's complaint on stderr): no Vulkan loader library, or no driver manifest.
 * Null when both exist, or off Linux (Metal and D3D12 are part of the OS).
 */
export function missingVulkan(env: NodeJS.ProcessEnv = process.env): string | null {
  if (process.platform !== 'linux') return null;
  if (!vulkanLoaderPresent(env)) {
    return 'no Vulkan loader (libvulkan.so.1 not found): install the GPU driver with its Vulkan support (Debian/Ubuntu: libvulkan1 and the vendor driver)';
  }
  if (vulkanDriverManifests(env).length === 0) {
    return 'no Vulkan driver installed (no ICD manifest in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d): install the GPU vendor driver (NVIDIA: the proprietary driver; AMD/Intel: mesa-vulkan-drivers)';
  }
  return null;
}

function vulkanLoaderPresent(env: NodeJS.ProcessEnv): boolean {
  const dirs = (env['LD_LIBRARY_PATH'] ?? '').split(':').filter(Boolean);
  if (dirs.some((d) => existsSync(path.join(d, 'libvulkan.so.1')))) return true;
  try {
    // The dynamic linker's cache lists every library it knows by name, as plain strings.
    if (readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1')) return true;
  } catch {
    // no cache: fall through to the usual directories
  }
  return ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib64', '/lib'].some((d) =>
    existsSync(path.join(d, 'libvulkan.so.1')),
  );
}

/** The Vulkan driver manifests (ICD .json files) the Vulkan loader would read. */
export function vulkanDriverManifests(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = env['VK_DRIVER_FILES'] ?? env['VK_ICD_FILENAMES'];
  if (listed) return listed.split(':').filter((f) => f && existsSync(f));
  const config = [env['XDG_CONFIG_HOME'] ?? path.join(homedir(), '.config'), ...(env['XDG_CONFIG_DIRS'] ?? '/etc/xdg').split(':'), '/etc'];
  const data = [env['XDG_DATA_HOME'] ?? path.join(homedir(), '.local/share'), ...(env['XDG_DATA_DIRS'] ?? '/usr/local/share:/usr/share').split(':')];
  const dirs = [...config, ...data].filter(Boolean).map((d) => path.join(d, 'vulkan', 'icd.d'));
  return dirs.flatMap((d) => {
    try {
      return readdirSync(d)
        .filter((f) => f.endsWith('.json'))
        .map((f) => path.join(d, f));
    } catch {
      return [];
    }
  });
}
