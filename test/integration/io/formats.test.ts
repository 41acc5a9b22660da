// Each format end to end through importFile into a real project: what is loaded back from the
// store equals what Python wrote.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../src/main/engine/io/registry.ts';
import { openProject, type ProjectStore } from '../../../src/main/engine/store/project.ts';
import { runPython } from '../../unit/engine/io/python.ts';
import { sharedPath } from '../../helpers/shared-folder.ts';

const makeFiles = `
import sys, json, pickle, h5py, numpy as np
d = sys.argv[1]
rng = np.random.default_rng(11)
X = rng.standard_normal((6, 64, 2)).astype(np.float32)
cls = np.array([4, 4, 12, 12, 22, 22]); snr = np.array([-4, 8, -4, 8, -4, 8])
with h5py.File(f'{d}/rml.h5', 'w') as f:
    f['X'] = X; f['Y'] = np.eye(24, dtype=np.int64)[cls]; f['Z'] = snr.reshape(-1, 1)
np.savez_compressed(f'{d}/set.npz', X=X, Y=cls, Z=snr)
with open(f'{d}/rml.pkl', 'wb') as f:
    wide = np.tile(X.transpose(0, 2, 1), (1, 1, 2))  # the pickle importer wants L = 128
    pickle.dump({('QPSK', 8): wide[:2], ('GMSK', -4): wide[4:]}, f, protocol=4)
print(json.dumps({'x': X.transpose(0, 2, 1).astype(np.float64).reshape(-1).tolist()}))
`;

let dir: string;
let store: ProjectStore;
let x: number[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'amr-formats-'));
  x = runPython<{ x: number[] }>(makeFiles, [dir]).x;
  store = openProject(join(dir, 'p.amrproj'), { create: true });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function expectFrames(loaded: Float32Array, frames: number[]): void {
  const per = 2 * 64;
  frames.forEach((f, k) => {
    for (let i = 0; i < per; i++) {
      if (Math.abs(loaded[k * per + i] - x[f * per + i]) > 1e-6) throw new Error(`frame ${f} value ${i} differs`);
    }
  });
}

describe('formats through importFile and the store', () => {
  it('RML2018 HDF5', async () => {
    const { dataset } = await importFile(store, join(dir, 'rml.h5'));
    expect(dataset).toMatchObject({ format: 'rml2018-hdf5', count: 6, length: 64, classes: ['QPSK', '16QAM', 'GMSK'], snrs: [-4, 8] });
    const loaded = store.loadSamples({ datasetId: dataset.id });
    expectFrames(loaded.x, [0, 1, 2, 3, 4, 5]);
    expect(Array.from(loaded.y)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(Array.from(loaded.snr)).toEqual([-4, 8, -4, 8, -4, 8]);
  });

  it('NumPy .npz with labels and SNRs', async () => {
    const { dataset } = await importFile(store, join(dir, 'set.npz'), { options: { layout: 'nl2' } });
    expect(dataset).toMatchObject({ format: 'npy', count: 6, length: 64, snrs: [-4, 8] });
    expectFrames(store.loadSamples({ datasetId: dataset.id }).x, [0, 1, 2, 3, 4, 5]);
  });

  it('an RML2016-style pickle through the same registry', async () => {
    const { dataset } = await importFile(store, join(dir, 'rml.pkl'));
    expect(dataset.format).toBe('rml-pickle');
    expect(dataset).toMatchObject({ count: 4, length: 128, classes: ['QPSK', 'GMSK'] });
    const loaded = store.loadSamples({ datasetId: dataset.id });
    // frame 0 of the pickle is frame 0 of X twice over, row by row
    expect(loaded.x[0]).toBeCloseTo(x[0], 6);
    expect(loaded.x[64]).toBeCloseTo(x[0], 6);
    expect(loaded.x[128 + 63]).toBeCloseTo(x[127], 6);
  });

  it.skipIf(!existsSync(sharedPath('fixtures/rml2018_n1.hdf5')))('the shared RML2018 fixture, subset to two classes', async () => {
    const { dataset } = await importFile(store, sharedPath('fixtures/rml2018_n1.hdf5'), { options: { classes: ['BPSK', 'QPSK'] } });
    expect(dataset).toMatchObject({ count: 52, classes: ['BPSK', 'QPSK'], length: 1024 });
    expect(dataset.snrs).toHaveLength(26);
  });
});
