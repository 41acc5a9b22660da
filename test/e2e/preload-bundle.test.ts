// The preload as shipped (out/preload/index.cjs), run in a bare VM context with a stand-in
// 'electron': it must expose exactly the contract's and the dialogs' channels and nothing that reaches ipcRenderer.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { exposedChannelNames } from '../../src/shared/channels.ts';
import { repoRoot } from './harness.ts';

const bundle = join(repoRoot, 'out/preload/index.cjs');

describe('built preload bundle', () => {
  it('exposes one function per channel plus subscribe, and requires nothing but electron', () => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npx electron-vite build first`);
    const exposed: Record<string, Record<string, unknown>> = {};
    const required: string[] = [];
    const invoked: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => (exposed[key] = api) },
      ipcRenderer: { invoke: (name: string) => (invoked.push(name), Promise.resolve(null)), on: () => {}, removeListener: () => {} },
    };
    const require = (id: string) => {
      required.push(id);
      if (id !== 'electron') throw new Error(`preload requires '${id}'`);
      return electron;
    };
    runInNewContext(readFileSync(bundle, 'utf8'), { require, module: { exports: {} }, exports: {} });
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['api']);
    expect(Object.keys(exposed.api!).sort()).toEqual([...exposedChannelNames, 'subscribe'].sort());
    for (const name of exposedChannelNames) void (exposed.api![name] as (a: unknown) => Promise<unknown>)({});
    expect(invoked).toEqual([...exposedChannelNames]);
  });
});
