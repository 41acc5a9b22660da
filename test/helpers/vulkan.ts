// The environment that lets Dawn find a Vulkan driver in a child process. Chromium's software
// driver (SwiftShader, shipped with Debian's chromium package) is preferred: it is the same on
// every CI machine. The library path must be set before a process starts (the dynamic linker
// reads it once), so tests that need the webgpu backend run their work in a child process.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { missingVulkan } from '../../src/main/engine/ml/backend/dawn.ts';

const chromiumDir = '/usr/lib/chromium';
export const swiftShaderManifest = `${chromiumDir}/vk_swiftshader_icd.json`;

export type VulkanEnvironment = { env: NodeJS.ProcessEnv; driver: string } | { skip: string };

export function vulkanEnvironment(): VulkanEnvironment {
  if (existsSync(swiftShaderManifest) && existsSync(`${chromiumDir}/libvulkan.so.1`)) {
    const libraryPath = [chromiumDir, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':');
    return { env: { ...process.env, LD_LIBRARY_PATH: libraryPath, VK_ICD_FILENAMES: swiftShaderManifest }, driver: 'SwiftShader (Chromium)' };
  }
  const missing = missingVulkan(process.env);
  if (missing === null) return { env: { ...process.env }, driver: 'the system Vulkan driver' };
  return { skip: `no Vulkan driver here (${missing}; no Chromium SwiftShader in ${chromiumDir})` };
}

/** The environment without any Vulkan driver: no loader on the library path, no driver manifest. */
export function noVulkanEnvironment(): NodeJS.ProcessEnv {
  const { LD_LIBRARY_PATH: _path, VK_DRIVER_FILES: _files, ...rest } = process.env;
  return { ...rest, VK_ICD_FILENAMES: '/nonexistent/vulkan_icd.json' };
}

const registerTs = fileURLToPath(new URL('../../bin/register-ts.mjs', import.meta.url));
export const cliBin = fileURLToPath(new URL('../../bin/amr-studio.mjs', import.meta.url));

export interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs Node on `args` in `env`; resolves with its exit code and output. */
export function runNode(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Runs a TypeScript file with Node in `env`. */
export function runTypeScript(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ChildResult> {
  return runNode(['--import', registerTs, file, ...args], env, timeoutMs);
}

/** The last line of a child's stdout that parses as JSON. */
export function lastJsonLine<T>(stdout: string): T {
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{') || l.startsWith('['));
  if (!line) throw new Error(`no JSON line in the child's output:\n${stdout.slice(-2000)}`);
  return JSON.parse(line) as T;
}
