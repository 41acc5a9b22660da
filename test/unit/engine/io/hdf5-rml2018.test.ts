import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasHdf5Signature, rml2018Classes, rml2018Importer } from '../../../../src/main/engine/io/hdf5-rml2018.ts';
import { CollectingWriter } from './collecting-writer.ts';
import { runPython } from './python.ts';
import { failure, importInto } from './import-helpers.ts';
import { sharedPath } from '../../../helpers/shared-folder.ts';

// RML2018 layout written by h5py: classes 3, 7, 21 × SNRs -10..20 step 10 × 2 frames, class-major
// then SNR ascending like the real file; 'gz' holds the same data chunked and gzip-compressed.
const makeFiles = `
import sys, json, h5py, numpy as np
d = sys.argv[1]
rng = np.random.default_rng(7)
classes, snrs, per, L = [3, 7, 21], [-10, 0, 10, 20], 2, 16
cls = np.repeat(classes, len(snrs) * per)
snr = np.tile(np.repeat(snrs, per), len(classes))
n = len(cls)
X = rng.standard_normal((n, L, 2)).astype(np.float32)
Y = np.zeros((n, 24), dtype=np.int64); Y[np.arange(n), cls] = 1
Z = snr.reshape(n, 1).astype(np.int64)
def write(name, **ds):
    with h5py.File(f'{d}/{name}', 'w') as f:
        for k, v in ds.items():
            if isinstance(v, tuple): f.create_dataset(k, data=v[0], chunks=v[1], compression='gzip')
            else: f.create_dataset(k, data=v)
write('rml.hdf5', X=X, Y=Y, Z=Z)
write('gz.hdf5', X=(X, (5, L, 2)), Y=(Y, (7, 24)), Z=Z)
write('noX.hdf5', Y=Y, Z=Z)
write('wrongshape.hdf5', X=X.transpose(0, 2, 1).copy(), Y=Y, Z=Z)
write('shortY.hdf5', X=X, Y=Y[:-1], Z=Z)
write('intX.hdf5', X=(X * 100).astype(np.int16), Y=Y, Z=Z)
print(json.dumps({'n': n, 'L': L, 'sum': float(X.astype(np.float64).sum()),
  'frame5': X[5].T.reshape(-1).tolist(), 'cls': cls.tolist(), 'snr': snr.tolist(),
  'sum_subset': float(X[(np.isin(cls, [7, 21])) & (snr >= 0) & (snr <= 10)].astype(np.float64).sum())}))
`;

interface Facts {
  n: number;
  L: number;
  sum: number;
  frame5: number[];
  cls: number[];
  snr: number[];
  sum_subset: number;
}

let dir: string;
let facts: Facts;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'amr-h5-'));
  facts = runPython<Facts>(makeFiles, [dir]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importWith(path: string, options: Record<string, unknown> = {}) {
  const progress: number[] = [];
  const run = await importInto(rml2018Importer, path, options, (p) => p.phase === 'frames' && progress.push(p.done));
  return { ...run, progress };
}

function sum(a: Float32Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}

describe('RML2018 HDF5 importer', () => {
  it.each(['rml.hdf5', 'gz.hdf5'])('%s: every frame transposed to [2][L] with class and SNR', async (name) => {
    const path = join(dir, name);
    expect(hasHdf5Signature(readFileSync(path).subarray(0, 4096))).toBe(true);
    const { plan, writer, progress } = await importWith(path);
    expect(plan.length).toBe(facts.L);
    expect(writer.count).toBe(facts.n);
    expect(sum(writer.data())).toBeCloseTo(facts.sum, 3);
    const L = facts.L;
    const frame5 = writer.data().subarray(5 * 2 * L, 6 * 2 * L);
    frame5.forEach((v, i) => expect(v).toBeCloseTo(facts.frame5[i], 6));
    // Classes are registered in the canonical RML2018 order, only those present.
    expect(writer.classes).toEqual([rml2018Classes[3], rml2018Classes[7], rml2018Classes[21]]);
    expect(writer.meta.map((m) => writer.classes[m.classIndex])).toEqual(facts.cls.map((c) => rml2018Classes[c]));
    expect(writer.meta.map((m) => m.snr)).toEqual(facts.snr);
    expect(writer.meta.map((m) => m.sourceOffset)).toEqual(facts.cls.map((_, i) => i));
    expect(progress.at(-1)).toBe(facts.n);
  });

  it('imports a subset: classes, SNR range and a cap per class × SNR', async () => {
    const path = join(dir, 'rml.hdf5');
    const { writer } = await importWith(path, { classes: '32PSK,FM', snrMin: 0, snrMax: 10 });
    expect(writer.classes).toEqual(['32PSK', 'FM']);
    expect(writer.count).toBe(2 * 2 * 2);
    expect(writer.meta.every((m) => m.snr! >= 0 && m.snr! <= 10)).toBe(true);
    expect(sum(writer.data())).toBeCloseTo(facts.sum_subset, 3);
    const capped = await importWith(path, { maxPerClassSnr: 1 });
    expect(capped.writer.count).toBe(3 * 4);
    // the first frame of each class × SNR pair is kept: even source offsets
    expect(capped.writer.meta.every((m) => m.sourceOffset % 2 === 0)).toBe(true);
  });

  it('refuses unknown class names in the subset', async () => {
    const err = await failure(importWith(join(dir, 'rml.hdf5'), { classes: ['QPSK', 'QAM1024'] }));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('unknown classes QAM1024');
  });

  it('stops with CANCELLED when aborted', async () => {
    const c = new AbortController();
    c.abort();
    const err = await failure(rml2018Importer.run(join(dir, 'rml.hdf5'), new CollectingWriter(16), { signal: c.signal }));
    expect(err.code).toBe('CANCELLED');
  });

  describe('bad input names the file and the problem', () => {
    it.each([
      ['noX.hdf5', "expected dataset 'X' (frames), found [Y, Z]"],
      ['wrongshape.hdf5', 'X should have shape (N, L, 2), found (24, 2, 16)'],
      ['shortY.hdf5', 'Y should have shape (24, C) to match X, found (23, 24)'],
      ['intX.hdf5', 'X should hold floats'],
    ])('%s', async (name, message) => {
      const path = join(dir, name);
      const err = await failure(rml2018Importer.inspect(path, {}));
      expect(err.code).toBe('BAD_FILE');
      expect(err.message).toContain(path);
      expect(err.message).toContain(message);
    });
  });
});

const shared = sharedPath('fixtures/rml2018_n1.hdf5');
describe.skipIf(!existsSync(shared))('RML2018 cross-check with the shared fixture', () => {
  it('624 frames, 24 classes × 26 SNRs, sum and first values as in the README', async () => {
    const { writer } = await importWith(shared);
    expect(writer.count).toBe(624);
    expect(writer.classes).toEqual([...rml2018Classes]);
    expect(new Set(writer.meta.map((m) => m.snr)).size).toBe(26);
    expect(sum(writer.data())).toBeCloseTo(-8758.53315, 2);
    const x = writer.data();
    expect(x[0]).toBeCloseTo(-0.34789934754371643, 7);
    expect(x[1024]).toBeCloseTo(0.5818771719932556, 7);
    expect(x[1]).toBeCloseTo(0.10783544182777405, 7);
    expect(writer.meta[0]).toMatchObject({ classIndex: 0, snr: -20 });
    expect(writer.meta[623]).toMatchObject({ classIndex: 23, snr: 30 });
  });
});
