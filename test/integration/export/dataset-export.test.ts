// A stored dataset written as .npz and as an RML-style pickle: read back by NumPy and Python's
// pickle, and by our own importers, the same signals, labels and SNRs.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDataset } from '../../../src/main/engine/export/dataset/export-dataset.ts';
import { importFile } from '../../../src/main/engine/io/registry.ts';
import { openProject, type ProjectStore } from '../../../src/main/engine/store/project.ts';
import { runPython } from '../../unit/engine/io/python.ts';

let dir: string;
let store: ProjectStore;
let datasetId: number;
const length = 128;
const classes = ['BPSK', 'QPSK', 'GFSK'];
// labels, SNRs (null: unknown) and a recognisable first value per signal
const rows: { label: number; snr: number | null }[] = [
  { label: 0, snr: 10 }, { label: 0, snr: 10 }, { label: 1, snr: -4 }, { label: 2, snr: null }, { label: 1, snr: 10 },
];
const signal = (k: number) => Float32Array.from({ length: 2 * length }, (_, i) => Math.sin(0.1 * (k + 1) * i) * 0.01 + k);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'amr-dataset-export-'));
  store = openProject(join(dir, 'p.amrproj'), { create: true });
  const writer = store.beginDataset({ name: 'tiny', kind: 'distilled', format: 'distilled', sourcePath: null, sourceHash: 'h', length, params: {} });
  for (const c of classes) writer.classIndex(c);
  rows.forEach((r, k) => writer.append(signal(k), [{ classIndex: r.label, snr: r.snr, sourceOffset: k }]));
  datasetId = writer.commit().id;
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dataset export', () => {
  it('.npz: NumPy reads X (N, 2, L), Y, snr (NaN where unknown) and the class names; our importer reads it back', async () => {
    const out = join(dir, 'set.npz');
    const result = exportDataset(store, { datasetId, format: 'npz', outPath: out });
    expect(result.count).toBe(5);
    const seen = runPython<{ shape: number[]; y: number[]; snr: (number | null)[]; classes: string[]; firsts: number[] }>(
      `import sys, json, numpy as np
z = np.load(sys.argv[1])
snr = [None if np.isnan(v) else float(v) for v in z['snr']]
print(json.dumps({'shape': list(z['X'].shape), 'y': z['Y'].tolist(), 'snr': snr, 'classes': z['classes'].tolist(), 'firsts': z['X'][:, 0, 0].tolist()}))`,
      [out],
    );
    expect(seen).toEqual({ shape: [5, 2, length], y: [0, 0, 1, 2, 1], snr: [10, 10, -4, null, 10], classes, firsts: [0, 1, 2, 3, 4] });
    const { dataset } = await importFile(store, out);
    const back = store.loadSamples({ datasetId: dataset.id });
    const original = store.loadSamples({ datasetId });
    expect(Buffer.from(back.x.buffer).equals(Buffer.from(original.x.buffer))).toBe(true);
    expect(store.getDataset(dataset.id).classes).toEqual(classes);
  });

  it('RML pickle: Python unpickles {(modulation, snr): float32 (N, 2, L)}; our importer reads it back', async () => {
    const out = join(dir, 'set.pkl');
    exportDataset(store, { datasetId, format: 'rml-pickle', outPath: out, unknownSnr: 0 });
    const keys = runPython<Record<string, { shape: number[]; dtype: string; firsts: number[] }>>(
      `import sys, json, pickle
d = pickle.load(open(sys.argv[1], 'rb'))
print(json.dumps({'%s,%d' % k: {'shape': list(v.shape), 'dtype': str(v.dtype), 'firsts': v[:, 0, 0].tolist()} for k, v in d.items()}))`,
      [out],
    );
    expect(keys).toEqual({
      'BPSK,10': { shape: [2, 2, length], dtype: 'float32', firsts: [0, 1] },
      'QPSK,-4': { shape: [1, 2, length], dtype: 'float32', firsts: [2] },
      'GFSK,0': { shape: [1, 2, length], dtype: 'float32', firsts: [3] },
      'QPSK,10': { shape: [1, 2, length], dtype: 'float32', firsts: [4] },
    });
    const { dataset } = await importFile(store, out);
    expect(store.getDataset(dataset.id).count).toBe(5);
  });

  it('refuses an RML pickle of signals without SNR unless told which SNR to write, and leaves no file', () => {
    const out = join(dir, 'refused.pkl');
    expect(() => exportDataset(store, { datasetId, format: 'rml-pickle', outPath: out })).toThrow(/has no SNR and RML keys need one/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('refuses to overwrite unless asked', () => {
    const out = join(dir, 'twice.npz');
    exportDataset(store, { datasetId, format: 'npz', outPath: out });
    expect(() => exportDataset(store, { datasetId, format: 'npz', outPath: out })).toThrow(/already exists/);
    expect(exportDataset(store, { datasetId, format: 'npz', outPath: out, overwrite: true }).count).toBe(5);
  });
});
