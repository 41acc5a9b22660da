import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numpyImporter } from '../../../../src/main/engine/io/numpy.ts';
import { CollectingWriter } from './collecting-writer.ts';
import { runPython } from './python.ts';
import { failure, importInto } from './import-helpers.ts';

// Files written by numpy itself; the script reports, per file, the frames in our [2][L] layout.
const makeFiles = `
import sys, json, numpy as np
d = sys.argv[1]
rng = np.random.default_rng(3)
N, L = 10, 32
base = rng.standard_normal((N, 2, L)).astype(np.float32)
cls = np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 1]); snr = np.arange(N) * 2 - 10
names = np.array(['BPSK', 'QPSK', 'AM-DSB'])
onehot = np.eye(3, dtype=np.float32)[cls]
np.save(f'{d}/n2l.npy', base)
np.save(f'{d}/nl2_be.npy', base.transpose(0, 2, 1).astype('>f8'))
np.save(f'{d}/complex.npy', (base[:, 0, :] + 1j * base[:, 1, :]).astype(np.complex64))
np.savez(f'{d}/stored.npz', X=base, Y=cls, Z=snr.reshape(N, 1), classes=names)
np.savez_compressed(f'{d}/deflated.npz', X=base.transpose(0, 2, 1), labels=onehot, snr=snr.astype(np.float32))
np.savez_compressed(f'{d}/strings.npz', data=base, lbl=names[cls])
np.save(f'{d}/threerows.npy', np.zeros((N, 3, L), np.float32))
np.savez(f'{d}/shortlabels.npz', X=base, Y=cls[:-1])
np.save(f'{d}/fortran.npy', np.asfortranarray(base))
np.save(f'{d}/strings.npy', names)
print(json.dumps({'N': N, 'L': L, 'x': base.astype(np.float64).reshape(-1).tolist(), 'cls': cls.tolist(), 'snr': snr.tolist()}))
`;

interface Facts {
  N: number;
  L: number;
  x: number[];
  cls: number[];
  snr: number[];
}

let dir: string;
let facts: Facts;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'amr-npy-'));
  facts = runPython<Facts>(makeFiles, [dir]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function importWith(name: string, options: Record<string, unknown> = {}) {
  return importInto(numpyImporter, join(dir, name), options);
}

function expectSameFrames(data: Float32Array): void {
  expect(data.length).toBe(facts.x.length);
  data.forEach((v, i) => {
    if (Math.abs(v - facts.x[i]) > 1e-6) throw new Error(`value ${i}: ${v} != ${facts.x[i]}`);
  });
}

describe('NumPy importer', () => {
  it.each(['n2l.npy', 'nl2_be.npy', 'complex.npy'])('%s: frames arrive as [2][L]', async (name) => {
    const { plan, writer } = await importWith(name, { label: 'BPSK', snr: 6 });
    expect(plan.length).toBe(facts.L);
    expect(writer.count).toBe(facts.N);
    expectSameFrames(writer.data());
    expect(writer.classes).toEqual(['BPSK']);
    expect(writer.meta.every((m) => m.classIndex === 0 && m.snr === 6)).toBe(true);
    expect(numpyImporter.detect(join(dir, name), readFileSync(join(dir, name)).subarray(0, 64))).toBe(true);
  });

  it('a .npy without a label option gives unlabelled samples', async () => {
    const { writer } = await importWith('n2l.npy');
    expect(writer.classes).toEqual([]);
    expect(writer.meta.every((m) => m.classIndex === -1 && m.snr === null)).toBe(true);
  });

  it('stored .npz: integer labels named by the classes array, SNRs from Z', async () => {
    const { writer, plan } = await importWith('stored.npz');
    expectSameFrames(writer.data());
    expect(writer.classes).toEqual(['BPSK', 'QPSK', 'AM-DSB']);
    expect(writer.meta.map((m) => m.classIndex)).toEqual(facts.cls);
    expect(writer.meta.map((m) => m.snr)).toEqual(facts.snr);
    expect(plan.params).toMatchObject({ layout: 'n2l', dtype: '<f4', labelled: true });
  });

  it('deflated .npz: (N, L, 2) frames, one-hot labels named by an option', async () => {
    const { writer, plan } = await importWith('deflated.npz', { classes: 'BPSK,QPSK,AM-DSB' });
    expect(plan.params.layout).toBe('nl2');
    expectSameFrames(writer.data());
    expect(writer.meta.map((m) => m.classIndex)).toEqual(facts.cls);
    expect(writer.meta.map((m) => m.snr)).toEqual(facts.snr);
  });

  it('deflated .npz with string labels under other names', async () => {
    const { writer } = await importWith('strings.npz');
    expectSameFrames(writer.data());
    // string labels register classes in order of first appearance
    expect(writer.classes).toEqual(['BPSK', 'QPSK', 'AM-DSB']);
    expect(writer.meta.map((m) => writer.classes[m.classIndex])).toEqual(facts.cls.map((c) => ['BPSK', 'QPSK', 'AM-DSB'][c]));
  });

  it('one-hot labels without names get numbered classes', async () => {
    const { writer } = await importWith('deflated.npz');
    expect(writer.classes).toEqual(['class 0', 'class 1', 'class 2']);
  });

  it('stops with CANCELLED when aborted', async () => {
    const c = new AbortController();
    c.abort();
    const err = await failure(numpyImporter.run(join(dir, 'stored.npz'), new CollectingWriter(facts.L), { signal: c.signal }));
    expect(err.code).toBe('CANCELLED');
  });

  describe('bad input names the file and the problem', () => {
    it.each([
      ['threerows.npy', 'BAD_FILE', 'X should have shape (N, 2, L) or (N, L, 2), found (10, 3, 32)'],
      ['shortlabels.npz', 'BAD_FILE', 'labels should have shape (10,) or (10, C) to match X, found (9)'],
      ['fortran.npy', 'UNSUPPORTED', 'Fortran order'],
      ['strings.npy', 'BAD_FILE', "X should hold numbers, found dtype '<U6'"],
    ])('%s', async (name, code, message) => {
      const err = await failure(importWith(name));
      expect(err.code).toBe(code);
      expect(err.message).toContain(join(dir, name));
      expect(err.message).toContain(message);
    });

    it('a truncated .npy', async () => {
      const path = join(dir, 'truncated.npy');
      const whole = readFileSync(join(dir, 'n2l.npy'));
      writeFileSync(path, whole.subarray(0, whole.length - 100));
      const err = await failure(numpyImporter.run(path, new CollectingWriter(facts.L), {}));
      expect(err.code).toBe('BAD_FILE');
      expect(err.message).toContain(`${path}: truncated`);
    });

    it('a file that is not .npy at all', async () => {
      const path = join(dir, 'text.npy');
      writeFileSync(path, 'hello, world, this is text');
      const err = await failure(numpyImporter.inspect(path, {}));
      expect(err.message).toContain(`${path}: not a NumPy .npy array`);
    });

    it('an .npz that is not a zip', async () => {
      const path = join(dir, 'text.npz');
      writeFileSync(path, 'not a zip archive at all');
      const err = await failure(numpyImporter.inspect(path, {}));
      expect(err.message).toContain(`${path}: not a zip archive`);
    });
  });
});
