// How the probe tells, without asking Dawn, that a Linux machine has no Vulkan driver.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingVulkan, vulkanDriverManifests } from '../../../../../src/main/engine/ml/backend/dawn.ts';

const dir = mkdtempSync(join(tmpdir(), 'amr-vulkan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform !== 'linux')('Vulkan driver discovery', () => {
  it('reads driver manifests from the XDG directories, and only the listed ones when the variable is set', () => {
    const data = join(dir, 'share');
    mkdirSync(join(data, 'vulkan', 'icd.d'), { recursive: true });
    const manifest = join(data, 'vulkan', 'icd.d', 'nvidia_icd.json');
    writeFileSync(manifest, '{}');
    writeFileSync(join(data, 'vulkan', 'icd.d', 'README'), 'not a manifest');
    const xdg = { XDG_DATA_DIRS: data, XDG_DATA_HOME: join(dir, 'none'), XDG_CONFIG_HOME: join(dir, 'none'), XDG_CONFIG_DIRS: join(dir, 'none') };
    expect(vulkanDriverManifests(xdg)).toContain(manifest);
    expect(vulkanDriverManifests(xdg)).not.toContain(join(data, 'vulkan', 'icd.d', 'README'));
    expect(vulkanDriverManifests({ ...xdg, VK_ICD_FILENAMES: `${join(dir, 'missing.json')}:${manifest}` })).toEqual([manifest]);
    expect(vulkanDriverManifests({ ...xdg, VK_DRIVER_FILES: join(dir, 'missing.json') })).toEqual([]);
  });

  it('says which part is missing: the loader library or a driver', () => {
    const lib = join(dir, 'lib');
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(lib, 'libvulkan.so.1'), '');
    expect(missingVulkan({ LD_LIBRARY_PATH: lib, VK_ICD_FILENAMES: join(dir, 'missing.json') })).toMatch(/^no Vulkan driver installed/);
    const manifest = join(dir, 'driver.json');
    writeFileSync(manifest, '{}');
    expect(missingVulkan({ LD_LIBRARY_PATH: lib, VK_ICD_FILENAMES: manifest })).toBeNull();
  });
});
