import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFiles } from '../../../../src/main/engine/base/file-hash.ts';
import { checkSourceFile, detectFormat, getImporter, listImporters, registerImporter } from '../../../../src/main/engine/io/registry.ts';
import { runPython } from './python.ts';
import { recordingBytes, recordingMeta, writeRecording } from './sigmf-fixture.ts';
import { createHash } from 'node:crypto';
import { failure } from './import-helpers.ts';

const makeFiles = `
import sys, json, pickle, h5py, numpy as np
d = sys.argv[1]
with h5py.File(f'{d}/frames.h5', 'w') as f:
    f['X'] = np.zeros((2, 8, 2), np.float32); f['Y'] = np.eye(24)[[0, 1]]; f['Z'] = np.zeros((2, 1))
np.save(f'{d}/frames.npy', np.zeros((2, 2, 8), np.float32))
np.savez(f'{d}/frames.npz', X=np.zeros((2, 2, 8), np.float32))
with open(f'{d}/rml.pkl', 'wb') as f:
    pickle.dump({('BPSK', 0): np.zeros((2, 2, 128), np.float32)}, f, protocol=2)
print('{}')
`;

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amr-registry-'));
  runPython(makeFiles, [dir]);
  writeRecording(dir, 'rec');
  const p = pack();
  p.entry({ name: 'rec.sigmf-meta' }, JSON.stringify(recordingMeta()));
  p.entry({ name: 'rec.sigmf-data' }, recordingBytes());
  p.finalize();
  await pipeline(p, createWriteStream(join(dir, 'rec.sigmf')));
  writeFileSync(join(dir, 'capture.cf32'), Buffer.alloc(8 * 256));
  writeFileSync(join(dir, 'capture.iq'), Buffer.alloc(8 * 256));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importer registry', () => {
  it.each([
    ['frames.h5', 'rml2018-hdf5'],
    ['rec.sigmf-meta', 'sigmf'],
    ['rec.sigmf-data', 'sigmf'],
    ['rec.sigmf', 'sigmf'],
    ['frames.npy', 'npy'],
    ['frames.npz', 'npy'],
    ['rml.pkl', 'rml-pickle'],
    ['capture.cf32', 'raw-iq'],
    ['capture.iq', 'raw-iq'],
  ])('detects %s as %s', async (name, id) => {
    expect((await detectFormat(join(dir, name))).id).toBe(id);
  });

  it('detects by content, not by a misleading extension', async () => {
    const disguised = join(dir, 'disguised.npy');
    writeFileSync(disguised, Buffer.concat([Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]));
    expect((await detectFormat(disguised)).id).toBe('rml2018-hdf5');
    const fakeArchive = join(dir, 'fake.sigmf');
    writeFileSync(fakeArchive, Buffer.alloc(1024, 1));
    const err = await failure(detectFormat(fakeArchive));
    expect(err.message).toContain(`${fakeArchive}: unrecognised format (extension .sigmf`);
  });

  it('refuses directories, empty and missing files, naming them', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const empty = join(dir, 'empty.npy');
    writeFileSync(empty, '');
    expect((await failure(checkSourceFile(folder))).message).toBe(`${folder}: is a directory, expected a data file`);
    expect((await failure(detectFormat(empty))).message).toBe(`${empty}: is empty (0 bytes)`);
    expect((await failure(detectFormat(join(dir, 'absent.h5')))).message).toBe(`${join(dir, 'absent.h5')}: no such file`);
  });

  it('hashes the bytes of all source files in order', async () => {
    const meta = join(dir, 'rec.sigmf-meta');
    const data = join(dir, 'rec.sigmf-data');
    const expected = createHash('sha256');
    expected.update(JSON.stringify(recordingMeta(), null, 2));
    expected.update(recordingBytes());
    expect(await hashFiles([meta, data])).toBe(expected.digest('hex'));
    expect(getImporter('sigmf').sourceFiles!(data)).toEqual([meta, data]);
  });

  it('looks importers up by id and takes new ones, ahead of the extension-only raw I/Q', async () => {
    expect(getImporter('npy').id).toBe('npy');
    expect(() => getImporter('wav')).toThrow(/unknown import format 'wav'; known formats: .*rml2018-hdf5/);
    const wav = { ...getImporter('raw-iq'), id: 'wav-test', extensions: ['.iq'], detect: (p: string) => p.endsWith('.iq') };
    registerImporter(wav);
    expect(() => registerImporter(wav)).toThrow(/already registered/);
    expect(listImporters().map((i) => i.id).at(-1)).toBe('raw-iq');
    expect((await detectFormat(join(dir, 'capture.iq'))).id).toBe('wav-test');
  });
});
